// Text on a telephone keypad, two key presses per character: ITU-T E.161 §2 letter groups
// (2 ABC, 3 DEF, 4 GHI, 5 JKL, 6 MNO, 7 PQRS, 8 TUV, 9 WXYZ) as key + position, digits as 0 + digit,
// and a few signs as 1 + index. Fixed width, so no pauses are needed as in multi-tap.
import { DecodeError } from '../../protocol/bytes/index.ts';

/** ITU-T E.161 letter groups by key. */
export const E161_LETTERS: Readonly<Record<string, string>> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
};

/** Signs reachable as `1` + index (`10` is a space). */
export const KEY1_SIGNS = " .,-/@'+:?";

const ENCODE = new Map<string, string>();
const DECODE = new Map<string, string>();
for (const [key, letters] of Object.entries(E161_LETTERS)) {
  [...letters].forEach((letter, i) => ENCODE.set(letter, `${key}${i + 1}`));
}
for (let d = 0; d <= 9; d++) ENCODE.set(String(d), `0${d}`);
[...KEY1_SIGNS].forEach((sign, i) => ENCODE.set(sign, `1${i}`));
for (const [char, pair] of ENCODE) DECODE.set(pair, char);

/** Encodes text (characters of ALPHANUMERIC_PATTERN) as 2 digits per character. */
export function encodeKeypadText(text: string): string {
  let out = '';
  for (const char of text) {
    const pair = ENCODE.get(char);
    if (pair === undefined) throw new RangeError(`'${char}' has no keypad code`);
    out += pair;
  }
  return out;
}

/** Decodes 2-digit pairs back to text; `offset` is where `digits` starts, for error reports. */
export function decodeKeypadText(digits: string, offset = 0): string {
  if (digits.length % 2 !== 0)
    throw new DecodeError(
      'KEYPAD_ODD_TEXT',
      offset + digits.length,
      'text needs 2 digits a character',
    );
  let out = '';
  for (let i = 0; i < digits.length; i += 2) {
    const char = DECODE.get(digits.slice(i, i + 2));
    if (char === undefined)
      throw new DecodeError(
        'KEYPAD_BAD_LETTER',
        offset + i,
        `no character for '${digits.slice(i, i + 2)}'`,
      );
    out += char;
  }
  return out;
}
