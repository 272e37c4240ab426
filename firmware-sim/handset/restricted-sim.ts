// Restricted SIM access (TS 27.007 §8.18 +CRSM): the handset selects the file by its identifier
// (finding its DF in TS 51.011 §10 figure 8) and runs READ BINARY, READ RECORD, GET RESPONSE,
// UPDATE BINARY, UPDATE RECORD or STATUS on it, in the command set of the card: GSM class A0, or
// on a UICC class 00 with DF_GSM's files found in the USIM application (TS 31.102 §4.2).
import { commandApdu, type CommandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { fileClass, toolkitClass, type CardMode } from './card-mode.ts';
import { Ins, selectFile } from './gsm-commands.ts';
import { uiccSelect } from './sim-files.ts';

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

/** DF_GSM (TS 51.011) and the USIM application (7FFF, TS 102 221 §8.4.1) hold the same EFs. */
const DF_GSM = 0x7f20;
const CURRENT_APPLICATION = 0x7fff;

/** The path to a file identifier in the card's mode. */
export function pathIn(mode: CardMode, fileId: number): number[] {
  const path = pathOf(fileId);
  return mode === 'uicc' ? path.map((fid) => (fid === DF_GSM ? CURRENT_APPLICATION : fid)) : path;
}

/** Selects the file: one SELECT per FID on a GSM SIM, one SELECT by path on a UICC. */
async function selectFor(card: SessionChannel, fileId: number): Promise<ResponseApdu> {
  const path = pathIn(card.mode, fileId);
  if (card.mode === 'uicc') return card.exchange(uiccSelect(path));
  let selected: ResponseApdu = { data: new Uint8Array(0), sw: 0x9000 };
  for (const fid of path) {
    selected = await card.exchange(selectFile(fid));
    if (selected.sw !== 0x9000) return selected;
  }
  return selected;
}

/** The APDU of an access after its file is selected, or undefined for GET RESPONSE. */
function accessCommand(mode: CardMode, access: RestrictedAccess): CommandApdu | undefined {
  const { p1, p2, p3, data } = access;
  const le = p3 === 0 ? 256 : p3;
  switch (access.command) {
    case RestrictedCommand.status:
      return commandApdu(toolkitClass(mode), Ins.status, 0, 0, undefined, le);
    case RestrictedCommand.readBinary:
    case RestrictedCommand.readRecord:
      return commandApdu(fileClass(mode), access.command, p1, p2, undefined, le);
    case RestrictedCommand.updateBinary:
    case RestrictedCommand.updateRecord:
      return commandApdu(fileClass(mode), access.command, p1, p2, data);
    default:
      return undefined;
  }
}

/** Runs one restricted access; status words are returned, never thrown. */
export async function restrictedAccess(
  card: SessionChannel,
  access: RestrictedAccess,
): Promise<ResponseApdu> {
  const known = Object.values(RestrictedCommand) as number[];
  if (!known.includes(access.command)) return { data: new Uint8Array(0), sw: 0x6d00 };
  const selected = await selectFor(card, access.fileId);
  if (selected.sw !== 0x9000) return selected;
  const command = accessCommand(card.mode, access);
  return command === undefined ? selected : card.exchange(command);
}
