// 3GPP TS 23.038 §6.2.1 GSM 7 bit default alphabet and §6.2.1.1 its extension table: text to
// septet values (one per byte) and back. Packing septets into octets is in septet-packing.ts.
import { DecodeError } from '../bytes/index.ts';

/** The escape septet (TS 23.038 §6.2.1 note 1) that selects the extension table. */
export const GSM7_ESCAPE = 0x1b;

/** Septet values 0x00-0x7F of the default alphabet; index 0x1B (escape) is never a character. */
const DEFAULT_TABLE: readonly string[] = [
  ...'@£$¥èéùìòÇ\nØø\rÅå',
  ...'Δ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ',
  ...' !"#¤%&\'()*+,-./',
  ...'0123456789:;<=>?',
  ...'¡ABCDEFGHIJKLMNO',
  ...'PQRSTUVWXYZÄÖÑÜ§',
  ...'¿abcdefghijklmno',
  ...'pqrstuvwxyzäöñüà',
];

/** Extension table (TS 23.038 §6.2.1.1): septet after the escape -> character. */
const EXTENSION_TABLE: ReadonlyMap<number, string> = new Map([
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
]);

const DEFAULT_CODES: ReadonlyMap<string, number> = new Map(
  DEFAULT_TABLE.flatMap((ch, code) => (code === GSM7_ESCAPE ? [] : [[ch, code] as const])),
);
const EXTENSION_CODES: ReadonlyMap<string, number> = new Map(
  [...EXTENSION_TABLE].map(([code, ch]) => [ch, code] as const),
);

/**
 * Septet values (one per byte, 0x00-0x7F) for `text`; extension-table characters become
 * `1B xx`. Throws RangeError naming the first character the alphabet cannot carry.
 */
export function encodeGsm7Septets(text: string): Uint8Array {
  const out: number[] = [];
  let index = 0;
  for (const ch of text) {
    const code = DEFAULT_CODES.get(ch);
    if (code !== undefined) {
      out.push(code);
    } else {
      const ext = EXTENSION_CODES.get(ch);
      if (ext === undefined) {
        const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        throw new RangeError(
          `'${ch}' (U+${hex}) at character ${index} is not in the GSM 7 bit default alphabet`,
        );
      }
      out.push(GSM7_ESCAPE, ext);
    }
    index++;
  }
  return Uint8Array.from(out);
}

/**
 * Text for septet values (one per byte). An escape followed by a septet the extension table
 * does not define shows the default-table character for that septet; an escape followed by
 * another escape (reserved for a further table) or ending the text shows a space (TS 23.038
 * §6.2.1 note 1, §6.2.1.1). A value above 0x7F throws DecodeError `SMS_BAD_SEPTET`.
 */
export function decodeGsm7Septets(septets: Uint8Array): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const code = septetAt(septets, i);
    if (code !== GSM7_ESCAPE) {
      out += DEFAULT_TABLE[code]!;
      continue;
    }
    if (i + 1 >= septets.length) {
      out += ' ';
      continue;
    }
    const next = septetAt(septets, ++i);
    out += next === GSM7_ESCAPE ? ' ' : (EXTENSION_TABLE.get(next) ?? DEFAULT_TABLE[next]!);
  }
  return out;
}

/** True when every character of `text` is in the default alphabet or its extension table. */
export function isGsm7Encodable(text: string): boolean {
  for (const ch of text) {
    if (!DEFAULT_CODES.has(ch) && !EXTENSION_CODES.has(ch)) return false;
  }
  return true;
}

/**
 * Number of septets `text` takes (extension characters count 2). Throws RangeError like
 * encodeGsm7Septets when a character cannot be encoded.
 */
export function gsm7SeptetLength(text: string): number {
  let length = 0;
  for (const ch of text) {
    if (DEFAULT_CODES.has(ch)) length += 1;
    else if (EXTENSION_CODES.has(ch)) length += 2;
    else return encodeGsm7Septets(text).length;
  }
  return length;
}

function septetAt(septets: Uint8Array, index: number): number {
  const code = septets[index]!;
  if (code > 0x7f) {
    throw new DecodeError('SMS_BAD_SEPTET', index, `0x${code.toString(16)} is not a septet`);
  }
  return code;
}
