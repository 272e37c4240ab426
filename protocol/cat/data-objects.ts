// Fixed-layout CAT data objects, ETSI TS 102 223 §8: command details (§8.6), device identities
// (§8.7), duration (§8.8), item identifier (§8.10), response length (§8.11), items next action
// indicator (§8.24), event list (§8.25) and icon identifier (§8.31). Values only, without tag.
import { catError, type LocatedTlv } from './object-list.ts';

/** Command details (§8.6): number, type of command (§9.4) and qualifier. */
export interface CommandDetails {
  readonly commandNumber: number;
  readonly commandType: number;
  readonly qualifier: number;
}

/** Device identities (§8.7), e.g. `{ source: 0x81, destination: 0x82 }`. */
export interface DeviceIdentities {
  readonly source: number;
  readonly destination: number;
}

/** Duration (§8.8). */
export interface Duration {
  readonly unit: 'minutes' | 'seconds' | 'tenthsOfSeconds';
  /** 1..255 units. */
  readonly interval: number;
}

/** Icon identifier (§8.31): a record of EF_IMG, shown instead of the text when self-explanatory. */
export interface IconIdentifier {
  readonly selfExplanatory: boolean;
  readonly record: number;
}

/** Response length (§8.11): the lengths GET INPUT accepts, in characters. */
export interface ResponseLength {
  readonly min: number;
  readonly max: number;
}

const DURATION_UNITS = ['minutes', 'seconds', 'tenthsOfSeconds'] as const;

export function decodeCommandDetails(tlv: LocatedTlv): CommandDetails {
  const v = fixed(tlv, 3, 'command details');
  return { commandNumber: v[0]!, commandType: v[1]!, qualifier: v[2]! };
}

export function encodeCommandDetails(d: CommandDetails): Uint8Array {
  return bytes(d.commandNumber, d.commandType, d.qualifier);
}

export function decodeDeviceIdentities(tlv: LocatedTlv): DeviceIdentities {
  const v = fixed(tlv, 2, 'device identities');
  return { source: v[0]!, destination: v[1]! };
}

export function encodeDeviceIdentities(d: DeviceIdentities): Uint8Array {
  return bytes(d.source, d.destination);
}

export function decodeDuration(tlv: LocatedTlv): Duration {
  const v = fixed(tlv, 2, 'duration');
  const unit = DURATION_UNITS[v[0]!];
  if (unit === undefined) catError('BAD_DURATION', tlv.offset, `time unit ${v[0]} is reserved`);
  if (v[1] === 0) catError('BAD_DURATION', tlv.offset, 'a time interval of 0 is reserved');
  return { unit, interval: v[1]! };
}

export function encodeDuration(d: Duration): Uint8Array {
  if (d.interval < 1) throw new RangeError('a duration needs an interval of 1..255');
  return bytes(DURATION_UNITS.indexOf(d.unit), d.interval);
}

export function decodeIconIdentifier(tlv: LocatedTlv): IconIdentifier {
  const v = fixed(tlv, 2, 'icon identifier');
  return { selfExplanatory: (v[0]! & 1) === 0, record: v[1]! };
}

export function encodeIconIdentifier(icon: IconIdentifier): Uint8Array {
  return bytes(icon.selfExplanatory ? 0 : 1, icon.record);
}

export function decodeResponseLength(tlv: LocatedTlv): ResponseLength {
  const v = fixed(tlv, 2, 'response length');
  if (v[0]! > v[1]!) catError('BAD_RESPONSE_LENGTH', tlv.offset, 'minimum above maximum');
  return { min: v[0]!, max: v[1]! };
}

export function encodeResponseLength(r: ResponseLength): Uint8Array {
  if (r.min > r.max) throw new RangeError('response length minimum above maximum');
  return bytes(r.min, r.max);
}

/** Item identifier (§8.10): one byte. */
export function decodeItemIdentifier(tlv: LocatedTlv): number {
  return fixed(tlv, 1, 'item identifier')[0]!;
}

export function encodeItemIdentifier(id: number): Uint8Array {
  return bytes(id);
}

/** Event list (§8.25) and items next action indicator (§8.24): a list of one-byte codes. */
export function decodeByteList(tlv: LocatedTlv): number[] {
  return Array.from(tlv.value);
}

export function encodeByteList(list: readonly number[]): Uint8Array {
  return bytes(...list);
}

function fixed(tlv: LocatedTlv, length: number, what: string): Uint8Array {
  if (tlv.value.length !== length) {
    catError(
      'BAD_LENGTH',
      tlv.offset,
      `${what} must be ${length} byte(s), not ${tlv.value.length}`,
    );
  }
  return tlv.value;
}

function bytes(...values: number[]): Uint8Array {
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`${v} is not a byte`);
  }
  return Uint8Array.from(values);
}
