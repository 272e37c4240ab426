// 3GPP TS 23.040 §9.2.3.12 TP-Validity-Period in its formats: none, relative (§9.2.3.12.1),
// absolute (§9.2.3.12.2) and enhanced (§9.2.3.12.3), selected by TP-VPF in SMS-SUBMIT.
import type { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readTimestamp, swapped, swappedValue, writeTimestamp } from './timestamp.ts';
import type { SmsTimestamp } from './timestamp.ts';

/** The enhanced format's own period (§9.2.3.12.3, bits 2-0 of the functionality indicator). */
export type EnhancedPeriod =
  | { readonly kind: 'none' }
  /** Coded as the relative format. */
  | { readonly kind: 'relative'; readonly value: number }
  /** 0-255 seconds. */
  | { readonly kind: 'seconds'; readonly seconds: number }
  | {
      readonly kind: 'hms';
      readonly hours: number;
      readonly minutes: number;
      readonly seconds: number;
    }
  /** Extension octets, reserved bits or formats: the seven octets kept as received. */
  | { readonly kind: 'other'; readonly octets: Uint8Array };

/** TP-VP in the format TP-VPF selects (`none` when absent). */
export type ValidityPeriod =
  | { readonly format: 'none' }
  /** Coded value 0-255; see relativeValidityMinutes. */
  | { readonly format: 'relative'; readonly value: number }
  | { readonly format: 'absolute'; readonly time: SmsTimestamp }
  | { readonly format: 'enhanced'; readonly singleShot: boolean; readonly period: EnhancedPeriod };

/** TP-VPF values (bits 4-3 of the SMS-SUBMIT first octet). */
export const VPF = { none: 0, enhanced: 1, relative: 2, absolute: 3 } as const;

/** The TP-VPF value for a validity period. */
export function validityPeriodFormat(vp: ValidityPeriod): number {
  return VPF[vp.format];
}

/** Reads the validity period that TP-VPF `vpf` (0-3) announces. */
export function readValidityPeriod(reader: ByteReader, vpf: number): ValidityPeriod {
  switch (vpf) {
    case VPF.relative:
      return { format: 'relative', value: reader.u8() };
    case VPF.absolute:
      return { format: 'absolute', time: readTimestamp(reader) };
    case VPF.enhanced:
      return readEnhanced(reader);
    default:
      return { format: 'none' };
  }
}

/** Writes the validity period (nothing for format none). */
export function writeValidityPeriod(writer: ByteWriter, vp: ValidityPeriod): void {
  if (vp.format === 'relative') writer.u8(checkOctet(vp.value, 'relative validity'));
  else if (vp.format === 'absolute') writeTimestamp(writer, vp.time);
  else if (vp.format === 'enhanced') writer.bytes(enhancedOctets(vp.singleShot, vp.period));
}

/** Minutes a relative value stands for (§9.2.3.12.1). */
export function relativeValidityMinutes(value: number): number {
  if (value <= 143) return (value + 1) * 5;
  if (value <= 167) return 12 * 60 + (value - 143) * 30;
  if (value <= 196) return (value - 166) * 24 * 60;
  return (value - 192) * 7 * 24 * 60;
}

/** The smallest relative value lasting at least `minutes` (255 = 63 weeks at most). */
export function relativeValidityFromMinutes(minutes: number): number {
  for (let value = 0; value < 255; value++) {
    if (relativeValidityMinutes(value) >= minutes) return value;
  }
  return 255;
}

function readEnhanced(reader: ByteReader): ValidityPeriod {
  const octets = reader.take(7);
  const indicator = octets[0]!;
  const singleShot = (indicator & 0x40) !== 0;
  const other = { format: 'enhanced', singleShot, period: { kind: 'other', octets } } as const;
  if ((indicator & 0xb8) !== 0) return other;
  const decoded = decodeEnhancedPeriod(indicator & 7, octets);
  if (decoded === undefined) return other;
  const canonical = enhancedOctets(singleShot, decoded);
  return canonical.every((b, i) => b === octets[i]) ? { ...other, period: decoded } : other;
}

function decodeEnhancedPeriod(format: number, octets: Uint8Array): EnhancedPeriod | undefined {
  switch (format) {
    case 0:
      return { kind: 'none' };
    case 1:
      return { kind: 'relative', value: octets[1]! };
    case 2:
      return { kind: 'seconds', seconds: octets[1]! };
    case 3: {
      const [h, m, s] = [1, 2, 3].map((i) => octets[i]!);
      if ([h, m, s].some((b) => (b! & 0x0f) > 9 || b! >> 4 > 9)) return undefined;
      return {
        kind: 'hms',
        hours: swappedValue(h!, 0),
        minutes: swappedValue(m!, 0),
        seconds: swappedValue(s!, 0),
      };
    }
    default:
      return undefined;
  }
}

function enhancedOctets(singleShot: boolean, period: EnhancedPeriod): Uint8Array {
  if (period.kind === 'other') {
    if (period.octets.length !== 7) throw new RangeError('enhanced validity period is 7 octets');
    return period.octets;
  }
  const out = new Uint8Array(7);
  const shot = singleShot ? 0x40 : 0;
  if (period.kind === 'none') out[0] = shot;
  else if (period.kind === 'relative' || period.kind === 'seconds') {
    out[0] = shot | (period.kind === 'relative' ? 1 : 2);
    out[1] = checkOctet(period.kind === 'relative' ? period.value : period.seconds, period.kind);
  } else {
    out[0] = shot | 3;
    out[1] = swapped(checkRange(period.hours, 99, 'hours'));
    out[2] = swapped(checkRange(period.minutes, 59, 'minutes'));
    out[3] = swapped(checkRange(period.seconds, 59, 'seconds'));
  }
  return out;
}

function checkOctet(value: number, what: string): number {
  return checkRange(value, 255, what);
}

function checkRange(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} ${value} out of range 0-${max}`);
  }
  return value;
}
