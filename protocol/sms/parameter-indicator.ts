// 3GPP TS 23.040 §9.2.3.27 TP-Parameter-Indicator and the optional TP-PID, TP-DCS, TP-UDL/UD
// it announces, as in SMS-DELIVER-REPORT, SMS-SUBMIT-REPORT and SMS-STATUS-REPORT.
import type { ByteReader, ByteWriter } from '../bytes/index.ts';
import { DCS_GSM7, decodeDcs, encodeDcs, type Dcs } from './dcs.ts';
import { readUserData, writeUserData, type UserData } from './user-data.ts';

/** The optional tail of a report. Without TP-DCS, user data is GSM 7 bit (§9.2.3.27). */
export interface OptionalParameters {
  readonly pid?: number;
  readonly dcs?: Dcs;
  readonly userData?: UserData;
}

/** Most TP-PI octets read: bit 8 chains further octets whose bits are all reserved. */
const MAX_PI_OCTETS = 4;

/** Reads TP-PI and what it announces. */
export function readOptionalParameters(reader: ByteReader, udhi: boolean): OptionalParameters {
  return readIndicatedParameters(reader, readParameterIndicator(reader), udhi);
}

/** Reads TP-PI, skipping extension octets (bit 8 chains them; their bits are all reserved). */
export function readParameterIndicator(reader: ByteReader): number {
  const pi = reader.u8();
  let extension = pi;
  for (let n = 1; extension & 0x80; n++) {
    if (n >= MAX_PI_OCTETS) reader.fail('BAD_PI', `more than ${MAX_PI_OCTETS} TP-PI octets`);
    extension = reader.u8();
  }
  return pi;
}

/** Reads the TP-PID, TP-DCS and TP-UDL/UD that the TP-PI octet `pi` announces. */
export function readIndicatedParameters(
  reader: ByteReader,
  pi: number,
  udhi: boolean,
): OptionalParameters {
  const pid = pi & 0x01 ? { pid: reader.u8() } : {};
  const dcs = pi & 0x02 ? { dcs: decodeDcs(reader.u8()) } : {};
  const userData = pi & 0x04 ? { userData: readUserData(reader, dcs.dcs ?? DCS_GSM7, udhi) } : {};
  return { ...pid, ...dcs, ...userData };
}

/** Writes TP-PI and the parameters present. */
export function writeOptionalParameters(writer: ByteWriter, params: OptionalParameters): void {
  writer.u8(parameterIndicator(params));
  writeIndicatedParameters(writer, params);
}

/** The TP-PI octet for the parameters present. */
export function parameterIndicator(params: OptionalParameters): number {
  return (
    (params.pid !== undefined ? 0x01 : 0) |
    (params.dcs !== undefined ? 0x02 : 0) |
    (params.userData !== undefined ? 0x04 : 0)
  );
}

/** Writes the parameters present, without TP-PI. */
export function writeIndicatedParameters(writer: ByteWriter, params: OptionalParameters): void {
  if (params.pid !== undefined) writer.u8(params.pid);
  if (params.dcs !== undefined) writer.u8(encodeDcs(params.dcs));
  if (params.userData !== undefined) {
    writeUserData(writer, params.dcs ?? DCS_GSM7, params.userData);
  }
}

/** True when any optional parameter is present. */
export function hasOptionalParameters(params: OptionalParameters): boolean {
  return params.pid !== undefined || params.dcs !== undefined || params.userData !== undefined;
}

/** TP-UDHI for the first octet: set when the user data carries a header. */
export function udhiBit(params: OptionalParameters): number {
  return params.userData?.header !== undefined ? 0x40 : 0;
}
