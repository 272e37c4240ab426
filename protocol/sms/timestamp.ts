// 3GPP TS 23.040 §9.2.3.11 TP-Service-Centre-Time-Stamp: seven octets of swapped semi-octets,
// YY MM DD hh mm ss and the time zone in quarter hours with its sign in bit 3 of octet 7.
import { ByteReader, type ByteWriter, DecodeError } from '../bytes/index.ts';

/** A service centre time stamp (also TP-DT and absolute TP-VP). Local time plus its zone. */
export interface SmsTimestamp {
  /** 2000-2099: the field carries two digits, read here as this century. */
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Offset of local time from UTC in quarters of an hour, -79..79 (+8 = UTC+2). */
  readonly tzQuarterHours: number;
}

/** Octets a time stamp takes. */
export const TIMESTAMP_LENGTH = 7;

const FIELDS = [
  ['year', 0, 99],
  ['month', 1, 12],
  ['day', 1, 31],
  ['hour', 0, 23],
  ['minute', 0, 59],
  ['second', 0, 59],
] as const;

/** Reads seven octets; digits outside 0-9 or out-of-range fields throw SMS_BAD_TIMESTAMP. */
export function readTimestamp(reader: ByteReader): SmsTimestamp {
  const start = reader.offset;
  const octets = reader.take(TIMESTAMP_LENGTH);
  const values: number[] = [];
  FIELDS.forEach(([name, min, max], i) => {
    const value = swappedValue(octets[i]!, start + i);
    if (value < min || value > max) fail(start + i, `${name} ${value} out of range`);
    values.push(value);
  });
  const tz = octets[6]!;
  const magnitude = swappedValue(tz & 0xf7, start + 6);
  const [yy, month, day, hour, minute, second] = values as [number, ...number[]];
  return {
    year: 2000 + yy,
    month: month!,
    day: day!,
    hour: hour!,
    minute: minute!,
    second: second!,
    tzQuarterHours: tz & 0x08 && magnitude !== 0 ? -magnitude : magnitude,
  };
}

/** Writes seven octets. Throws RangeError for a field outside its range. */
export function writeTimestamp(writer: ByteWriter, time: SmsTimestamp): void {
  const values = [time.year - 2000, time.month, time.day, time.hour, time.minute, time.second];
  FIELDS.forEach(([name, min, max], i) => {
    const value = values[i]!;
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `time stamp ${name} ${name === 'year' ? time.year : value} out of range`,
      );
    }
    writer.u8(swapped(value));
  });
  const tz = time.tzQuarterHours;
  if (!Number.isInteger(tz) || tz < -79 || tz > 79) {
    throw new RangeError(`time zone ${tz} quarter hours out of range -79..79`);
  }
  writer.u8(swapped(Math.abs(tz)) | (tz < 0 ? 0x08 : 0));
}

/** Decodes exactly seven octets. */
export function decodeTimestamp(bytes: Uint8Array): SmsTimestamp {
  const reader = new ByteReader(bytes, 'SMS');
  const time = readTimestamp(reader);
  reader.expectEnd('time stamp');
  return time;
}

/** ISO 8601 text with the offset, e.g. `2026-11-23T14:05:00+02:00`. */
export function formatTimestamp(time: SmsTimestamp): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const offset = Math.abs(time.tzQuarterHours) * 15;
  const sign = time.tzQuarterHours < 0 ? '-' : '+';
  return (
    `${time.year}-${p(time.month)}-${p(time.day)}T${p(time.hour)}:${p(time.minute)}:` +
    `${p(time.second)}${sign}${p(Math.floor(offset / 60))}:${p(offset % 60)}`
  );
}

/** Two decimal digits, units in the high nibble (swapped semi-octets). */
export function swapped(value: number): number {
  return ((value % 10) << 4) | Math.floor(value / 10);
}

/** Inverse of `swapped`; a nibble above 9 throws SMS_BAD_TIMESTAMP. */
export function swappedValue(octet: number, offset: number): number {
  const tens = octet & 0x0f;
  const units = octet >> 4;
  if (tens > 9 || units > 9) fail(offset, `0x${octet.toString(16)} is not two decimal digits`);
  return tens * 10 + units;
}

function fail(offset: number, message: string): never {
  throw new DecodeError('SMS_BAD_TIMESTAMP', offset, message);
}
