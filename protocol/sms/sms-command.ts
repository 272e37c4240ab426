// 3GPP TS 23.040 §9.2.2.4 SMS-COMMAND (mobile -> service centre): TP-MR, TP-PID, TP-CT, TP-MN,
// TP-DA and up to 156 octets of TP-CD.
import { ByteReader, ByteWriter } from '../bytes/index.ts';
import { readTpAddress, writeTpAddress, type SmsAddress } from './address.ts';
import { MAX_TPDU_LENGTH, checkTpduLength, flag } from './tpdu-limits.ts';

/** TP-CT values (§9.2.3.19). */
export const CommandType = {
  enquiry: 0x00,
  cancelStatusReport: 0x01,
  deleteMessage: 0x02,
  enableStatusReport: 0x03,
} as const;

/** Most TP-CD octets (§9.2.3.21). */
export const MAX_COMMAND_DATA = 156;

/** SMS-COMMAND: asks the service centre about, or to act on, an earlier SMS-SUBMIT. */
export interface SmsCommand {
  readonly type: 'command';
  /** TP-UDHI: TP-CD starts with a user data header (kept inside `commandData`). */
  readonly headerIndicator: boolean;
  /** TP-SRR. */
  readonly statusReportRequest: boolean;
  readonly messageReference: number;
  readonly pid: number;
  /** TP-CT. */
  readonly commandType: number;
  /** TP-MN: the TP-MR of the message the command is about. */
  readonly messageNumber: number;
  readonly destination: SmsAddress;
  /** TP-CD. */
  readonly commandData: Uint8Array;
}

/** Reads an SMS-COMMAND whose first octet has MTI 10. */
export function readSmsCommand(reader: ByteReader): SmsCommand {
  const fo = reader.u8();
  const messageReference = reader.u8();
  const pid = reader.u8();
  const commandType = reader.u8();
  const messageNumber = reader.u8();
  const destination = readTpAddress(reader);
  const length = reader.u8();
  if (length > MAX_COMMAND_DATA)
    reader.fail('BAD_CDL', `TP-CDL ${length} exceeds ${MAX_COMMAND_DATA}`);
  return {
    type: 'command',
    headerIndicator: flag(fo, 6),
    statusReportRequest: flag(fo, 5),
    messageReference,
    pid,
    commandType,
    messageNumber,
    destination,
    commandData: reader.take(length),
  };
}

/** Writes an SMS-COMMAND. */
export function writeSmsCommand(writer: ByteWriter, tpdu: SmsCommand): void {
  if (tpdu.commandData.length > MAX_COMMAND_DATA) {
    throw new RangeError(
      `command data of ${tpdu.commandData.length} octets exceeds ${MAX_COMMAND_DATA}`,
    );
  }
  writer.u8(0x02 | (tpdu.headerIndicator ? 0x40 : 0) | (tpdu.statusReportRequest ? 0x20 : 0));
  writer.u8(tpdu.messageReference).u8(tpdu.pid).u8(tpdu.commandType).u8(tpdu.messageNumber);
  writeTpAddress(writer, tpdu.destination);
  writer.u8(tpdu.commandData.length).bytes(tpdu.commandData);
}

/** Decodes exactly one SMS-COMMAND. */
export function decodeSmsCommand(bytes: Uint8Array): SmsCommand {
  checkTpduLength(bytes);
  const reader = new ByteReader(bytes, 'SMS');
  if ((reader.peekU8() & 3) !== 2) reader.fail('BAD_MTI', 'not an SMS-COMMAND (MTI 10)');
  const tpdu = readSmsCommand(reader);
  reader.expectEnd('SMS-COMMAND');
  return tpdu;
}

/** Encodes an SMS-COMMAND. */
export function encodeSmsCommand(tpdu: SmsCommand): Uint8Array {
  const writer = new ByteWriter(MAX_TPDU_LENGTH);
  writeSmsCommand(writer, tpdu);
  return writer.finish();
}
