// File access a handset performs on a GSM SIM (3GPP TS 51.011 §9.2, §10) or a UICC (TS 102 221
// §11.1.1 SELECT by path from the MF with the FCP, TS 31.102 §4 files of ADF.USIM): selection,
// reading transparent EFs and records, and updating records. Status words are data.
import { commandApdu, type CommandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { CLA_ISO, type CardMode } from './card-mode.ts';
import { decodeFcp } from './fcp.ts';
import { decodeFileResponse, type ElementaryResponse, type FileResponse } from './file-response.ts';
import { Ins, readBinary, readRecord, selectFile, updateRecord } from './gsm-commands.ts';

/** Paths of the files the handset uses (TS 51.011 §10, figure 8). */
export const Files = {
  mf: [0x3f00],
  iccid: [0x3f00, 0x2fe2],
  telecom: [0x3f00, 0x7f10],
  gsm: [0x3f00, 0x7f20],
  imsi: [0x3f00, 0x7f20, 0x6f07],
  sst: [0x3f00, 0x7f20, 0x6f38],
  msisdn: [0x3f00, 0x7f10, 0x6f40],
  sms: [0x3f00, 0x7f10, 0x6f3c],
  smsp: [0x3f00, 0x7f10, 0x6f42],
} as const;

/** The same files on a UICC: 7FFF stands for the selected USIM application (TS 102 221 §8.4.1). */
export const UiccFiles = {
  mf: [0x3f00],
  iccid: [0x3f00, 0x2fe2],
  dir: [0x3f00, 0x2f00],
  imsi: [0x3f00, 0x7fff, 0x6f07],
  ust: [0x3f00, 0x7fff, 0x6f38],
  msisdn: [0x3f00, 0x7fff, 0x6f40],
  sms: [0x3f00, 0x7fff, 0x6f3c],
  smsp: [0x3f00, 0x7fff, 0x6f42],
} as const;

/** EF_SMS in the card's mode. */
export const smsFile = (mode: CardMode): readonly number[] =>
  mode === 'uicc' ? UiccFiles.sms : Files.sms;

/** SELECT P2 04: return the FCP template (TS 102 221 §11.1.1.2). */
const RETURN_FCP = 0x04;
/** SELECT P1 08: by path from the MF, the MF's own FID left out (TS 102 221 §11.1.1.2). */
const BY_PATH_FROM_MF = 0x08;

/** SELECT with the FCP on a UICC: the MF by its FID, any other file by its path from the MF. */
export function uiccSelect(path: readonly number[]): CommandApdu {
  const rest = path[0] === 0x3f00 ? path.slice(1) : path;
  if (rest.length === 0) return commandApdu(CLA_ISO, Ins.select, 0, RETURN_FCP, u16s([0x3f00]));
  return commandApdu(CLA_ISO, Ins.select, BY_PATH_FROM_MF, RETURN_FCP, u16s(rest));
}

function u16s(fids: readonly number[]): Uint8Array {
  return Uint8Array.from(fids.flatMap((fid) => [fid >> 8, fid & 0xff]));
}

/** A failed file operation: the status word the card gave. */
export class CardStatusError extends Error {
  override readonly name = 'CardStatusError';
  constructor(
    readonly sw: number,
    what: string,
  ) {
    super(`${what}: card answered ${sw.toString(16).padStart(4, '0')}`);
  }
}

/** Selects every FID of `path` in turn; resolves to the last file's SELECT response. */
export async function selectPath(
  card: SessionChannel,
  path: readonly number[],
): Promise<FileResponse> {
  let last: ResponseApdu | undefined;
  for (const fid of path) {
    last = await card.exchange(selectFile(fid));
    if (last.sw !== 0x9000) throw new CardStatusError(last.sw, `SELECT ${fid.toString(16)}`);
  }
  if (last === undefined) throw new RangeError('empty path');
  return decodeFileResponse(last.data);
}

/** Selects an EF in the card's mode; CardStatusError when refused or not an EF. */
export async function selectEf(
  card: SessionChannel,
  path: readonly number[],
): Promise<ElementaryResponse> {
  if (card.mode === 'gsm') {
    const file = await selectPath(card, path);
    if (file.kind !== 'ef') throw new CardStatusError(0x6981, 'not an EF');
    return file;
  }
  const response = await card.exchange(uiccSelect(path));
  const name = path.map((fid) => fid.toString(16)).join('/');
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, `SELECT ${name}`);
  const file = decodeFcp(response.data);
  if (file.kind !== 'ef') throw new CardStatusError(0x6981, 'not an EF');
  return file;
}

/** Selects and reads a whole transparent EF (up to 256 bytes). */
export async function readTransparent(
  card: SessionChannel,
  path: readonly number[],
): Promise<Uint8Array> {
  const file = await selectEf(card, path);
  const response = await card.exchange(readBinary(0, Math.min(file.size, 256), card.mode));
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, 'READ BINARY');
  return response.data;
}

/** A selected record file: its record length and count. */
export interface RecordFile {
  readonly recordLength: number;
  readonly records: number;
}

/** Selects a linear fixed or cyclic EF. */
export async function selectRecords(
  card: SessionChannel,
  path: readonly number[],
): Promise<RecordFile> {
  const file = await selectEf(card, path);
  if (file.recordLength === 0) {
    throw new CardStatusError(0x6981, 'not a record file');
  }
  return { recordLength: file.recordLength, records: Math.floor(file.size / file.recordLength) };
}

/** Reads one record of the selected EF; undefined when the card refuses it. */
export async function readSelectedRecord(
  card: SessionChannel,
  file: RecordFile,
  record: number,
): Promise<ResponseApdu> {
  return card.exchange(readRecord(record, file.recordLength, card.mode));
}

/** Updates one record of the selected EF. */
export async function updateSelectedRecord(
  card: SessionChannel,
  record: number,
  data: Uint8Array,
): Promise<ResponseApdu> {
  return card.exchange(updateRecord(record, data, card.mode));
}
