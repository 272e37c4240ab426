// JSON forms of TS 23.040 fields for tools: addresses as text with their type, time stamps as
// ISO 8601 with the zone, the DCS as its octet plus its meaning, validity periods by format.
import { Ton, type SmsAddress } from './address.ts';
import { decodeDcs, encodeDcs, type Dcs } from './dcs.ts';
import {
  JsonFieldError,
  asObject,
  boolField,
  choiceField,
  fieldPath,
  has,
  hexField,
  intField,
  octetField,
  stringField,
} from './json-fields.ts';
import { toHex } from '../bytes/index.ts';
import { formatTimestamp, type SmsTimestamp } from './timestamp.ts';
import {
  relativeValidityMinutes,
  type EnhancedPeriod,
  type ValidityPeriod,
} from './validity-period.ts';

const TON_NAMES = Object.keys(Ton) as (keyof typeof Ton)[];
const NPI_NAMES: Readonly<Record<number, string>> = {
  0: 'unknown',
  1: 'isdn',
  3: 'data',
  4: 'telex',
  8: 'national',
  9: 'private',
};

/** `{ value: "+46708251358", ton: "international", npi: "isdn" }`. */
export function addressToJson(address: SmsAddress): Record<string, unknown> {
  const value = address.ton === Ton.international ? `+${address.value}` : address.value;
  return { value, ton: TON_NAMES[address.ton], npi: NPI_NAMES[address.npi] ?? address.npi };
}

/** Reads the object form, or a bare string (`"+4670..."` international/ISDN, else unknown/ISDN). */
export function addressFromJson(value: unknown, path: string): SmsAddress {
  if (typeof value === 'string') return addressFromJson({ value }, path);
  const o = asObject(value, path);
  const text = stringField(o, 'value', path);
  const ton = has(o, 'ton')
    ? nameOrNumber(o, 'ton', path, TON_NAMES, 7)
    : text.startsWith('+')
      ? 1
      : 0;
  const npiNames = Object.values(NPI_NAMES);
  const npiIndex = has(o, 'npi') ? nameOrNumber(o, 'npi', path, npiNames, 15) : 1;
  const npi = typeof o['npi'] === 'string' ? Number(Object.keys(NPI_NAMES)[npiIndex]) : npiIndex;
  const digits = ton === Ton.international && text.startsWith('+') ? text.slice(1) : text;
  if (ton !== Ton.alphanumeric && !/^[0-9*#abcABC]*$/.test(digits)) {
    throw new JsonFieldError(
      fieldPath(path, 'value'),
      'expected digits 0-9 * # a b c (optionally +)',
    );
  }
  return { ton, npi, value: digits };
}

/** ISO 8601 with the zone offset. */
export function timestampToJson(time: SmsTimestamp): string {
  return formatTimestamp(time);
}

/** Parses `YYYY-MM-DDThh:mm:ss±hh:mm` (offset in quarter hours, year 2000-2099). */
export function timestampFromJson(value: unknown, path: string): SmsTimestamp {
  const match =
    typeof value === 'string' &&
    /^(20\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:([+-])(\d\d):(\d\d)|Z)$/.exec(value);
  if (!match) throw new JsonFieldError(path, 'expected a time like 2026-11-23T14:05:00+02:00');
  const [, y, mo, d, h, mi, s, sign, oh, om] = match;
  const minutes = Number(oh ?? 0) * 60 + Number(om ?? 0);
  if (minutes % 15 !== 0 || minutes > 79 * 15)
    throw new JsonFieldError(path, 'zone must be whole quarter hours up to 19:45');
  const time = {
    year: +y!,
    month: +mo!,
    day: +d!,
    hour: +h!,
    minute: +mi!,
    second: +s!,
    tzQuarterHours: (sign === '-' ? -1 : 1) * (minutes / 15) || 0,
  };
  const limits = [
    time.month >= 1 && time.month <= 12,
    time.day >= 1 && time.day <= 31,
    time.hour <= 23,
    time.minute <= 59,
    time.second <= 59,
  ];
  if (limits.includes(false))
    throw new JsonFieldError(path, 'a date or time field is out of range');
  return time;
}

/** `{ octet: "f6", group: "dataClass", alphabet: "8bit", messageClass: 2 }`. */
export function dcsToJson(dcs: Dcs): Record<string, unknown> {
  return { octet: toHex(Uint8Array.of(encodeDcs(dcs))), ...dcs };
}

/** The octet (as `"f6"`, 246 or `{ octet }`), or the fields when no octet is given. */
export function dcsFromJson(value: unknown, path: string): Dcs {
  if (typeof value === 'string' || typeof value === 'number') {
    return decodeDcs(octetField({ dcs: value }, 'dcs', ''));
  }
  const o = asObject(value, path);
  if (has(o, 'octet')) {
    const dcs = decodeDcs(octetField(o, 'octet', path));
    if (has(o, 'group') && encodeDcs(dcsFields(o, path)) !== encodeDcs(dcs)) {
      throw new JsonFieldError(
        fieldPath(path, 'octet'),
        'disagrees with the other DCS fields; drop one',
      );
    }
    return dcs;
  }
  return dcsFields(o, path);
}

function dcsFields(o: Readonly<Record<string, unknown>>, path: string): Dcs {
  const group = choiceField(o, 'group', path, ['general', 'mwi', 'dataClass', 'reserved']);
  const cls = has(o, 'messageClass')
    ? { messageClass: intField(o, 'messageClass', path, 0, 3) as 0 | 1 | 2 | 3 }
    : {};
  const reserved = boolField(o, 'reservedBit', path) ? { reservedBit: true as const } : {};
  switch (group) {
    case 'general':
      return {
        group,
        autoDelete: boolField(o, 'autoDelete', path),
        compressed: boolField(o, 'compressed', path),
        alphabet: choiceField(o, 'alphabet', path, ['gsm7', '8bit', 'ucs2', 'reserved'], 'gsm7'),
        ...cls,
        ...(has(o, 'reservedBits')
          ? { reservedBits: intField(o, 'reservedBits', path, 0, 3) }
          : {}),
      };
    case 'mwi':
      return {
        group,
        store: boolField(o, 'store', path),
        alphabet: choiceField(o, 'alphabet', path, ['gsm7', 'ucs2'], 'gsm7'),
        active: boolField(o, 'active', path),
        indication: choiceField(o, 'indication', path, ['voicemail', 'fax', 'email', 'other']),
        ...reserved,
      };
    case 'dataClass':
      return {
        group,
        alphabet: choiceField(o, 'alphabet', path, ['gsm7', '8bit']),
        messageClass: intField(o, 'messageClass', path, 0, 3) as 0 | 1 | 2 | 3,
        ...reserved,
      };
    case 'reserved':
      return { group, value: intField(o, 'value', path, 0x80, 0xbf) };
  }
}

/** The format and its value; relative periods also give `minutes` for reading. */
export function validityToJson(vp: ValidityPeriod): Record<string, unknown> {
  switch (vp.format) {
    case 'none':
      return { format: 'none' };
    case 'relative':
      return { format: 'relative', value: vp.value, minutes: relativeValidityMinutes(vp.value) };
    case 'absolute':
      return { format: 'absolute', time: timestampToJson(vp.time) };
    case 'enhanced': {
      const period =
        vp.period.kind === 'other' ? { kind: 'other', octets: toHex(vp.period.octets) } : vp.period;
      return { format: 'enhanced', singleShot: vp.singleShot, period };
    }
  }
}

/** Reads a validity period; a missing one is format none. */
export function validityFromJson(value: unknown, path: string): ValidityPeriod {
  if (value === undefined || value === null) return { format: 'none' };
  const o = asObject(value, path);
  const format = choiceField(o, 'format', path, ['none', 'relative', 'absolute', 'enhanced']);
  if (format === 'none') return { format };
  if (format === 'relative') return { format, value: intField(o, 'value', path, 0, 255) };
  if (format === 'absolute')
    return { format, time: timestampFromJson(o['time'], fieldPath(path, 'time')) };
  const periodPath = fieldPath(path, 'period');
  return {
    format,
    singleShot: boolField(o, 'singleShot', path),
    period: enhancedFromJson(asObject(o['period'], periodPath), periodPath),
  };
}

function enhancedFromJson(o: Readonly<Record<string, unknown>>, path: string): EnhancedPeriod {
  const kind = choiceField(o, 'kind', path, ['none', 'relative', 'seconds', 'hms', 'other']);
  switch (kind) {
    case 'none':
      return { kind };
    case 'relative':
      return { kind, value: intField(o, 'value', path, 0, 255) };
    case 'seconds':
      return { kind, seconds: intField(o, 'seconds', path, 0, 255) };
    case 'hms':
      return {
        kind,
        hours: intField(o, 'hours', path, 0, 99),
        minutes: intField(o, 'minutes', path, 0, 59),
        seconds: intField(o, 'seconds', path, 0, 59),
      };
    case 'other': {
      const octets = hexField(o, 'octets', path);
      if (octets.length !== 7)
        throw new JsonFieldError(fieldPath(path, 'octets'), 'expected 7 octets');
      return { kind, octets };
    }
  }
}

function nameOrNumber(
  o: Readonly<Record<string, unknown>>,
  key: string,
  path: string,
  names: readonly string[],
  max: number,
): number {
  const value = o[key];
  if (typeof value === 'string') return names.indexOf(choiceField(o, key, path, names));
  return intField(o, key, path, 0, max);
}
