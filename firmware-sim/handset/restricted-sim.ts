// Restricted SIM access (TS 27.007 §8.18 +CRSM): the handset selects the file by its identifier
// (finding its DF in TS 51.011 §10 figure 8) and runs READ BINARY, READ RECORD, GET RESPONSE,
// UPDATE BINARY, UPDATE RECORD or STATUS on it.
import { commandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { CLA_GSM, selectFile, status } from './gsm-commands.ts';

/** +CRSM <command> values: the INS byte in decimal. */
export const RestrictedCommand = {
  readBinary: 176,
  readRecord: 178,
  getResponse: 192,
  updateBinary: 214,
  updateRecord: 220,
  status: 242,
} as const;

export interface RestrictedAccess {
  readonly command: number;
  readonly fileId: number;
  readonly p1: number;
  readonly p2: number;
  readonly p3: number;
  readonly data: Uint8Array;
}

const TELECOM_EFS = new Set([
  0x6f3a, 0x6f3b, 0x6f3c, 0x6f3d, 0x6f40, 0x6f42, 0x6f43, 0x6f44, 0x6f47, 0x6f49, 0x6f4a,
]);

/** The path from the MF to a file identifier. */
export function pathOf(fileId: number): number[] {
  if (fileId === 0x3f00) return [0x3f00];
  if (fileId >> 8 === 0x7f || fileId >> 8 === 0x2f) return [0x3f00, fileId];
  return [0x3f00, TELECOM_EFS.has(fileId) ? 0x7f10 : 0x7f20, fileId];
}

/** Runs one restricted access; status words are returned, never thrown. */
export async function restrictedAccess(
  card: SessionChannel,
  access: RestrictedAccess,
): Promise<ResponseApdu> {
  let selected: ResponseApdu = { data: new Uint8Array(0), sw: 0x9000 };
  for (const fid of pathOf(access.fileId)) {
    selected = await card.exchange(selectFile(fid));
    if (selected.sw !== 0x9000) return selected;
  }
  const { p1, p2, p3, data } = access;
  const le = p3 === 0 ? 256 : p3;
  switch (access.command) {
    case RestrictedCommand.getResponse:
      return selected;
    case RestrictedCommand.status:
      return card.exchange(status(le));
    case RestrictedCommand.readBinary:
    case RestrictedCommand.readRecord:
      return card.exchange(commandApdu(CLA_GSM, access.command, p1, p2, undefined, le));
    case RestrictedCommand.updateBinary:
    case RestrictedCommand.updateRecord:
      return card.exchange(commandApdu(CLA_GSM, access.command, p1, p2, data));
    default:
      return { data: new Uint8Array(0), sw: 0x6d00 };
  }
}
