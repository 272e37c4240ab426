// File access a handset performs on a GSM SIM (3GPP TS 51.011 §9.2, §10): selection by path from
// the MF, reading transparent EFs and records, and updating records. Status words are data.
import type { ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { decodeFileResponse, type FileResponse } from './file-response.ts';
import { readBinary, readRecord, selectFile, updateRecord } from './gsm-commands.ts';

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

/** Selects and reads a whole transparent EF (up to 256 bytes). */
export async function readTransparent(
  card: SessionChannel,
  path: readonly number[],
): Promise<Uint8Array> {
  const file = await selectPath(card, path);
  if (file.kind !== 'ef') throw new CardStatusError(0x6981, 'not an EF');
  const response = await card.exchange(readBinary(0, Math.min(file.size, 256)));
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
  const file = await selectPath(card, path);
  if (file.kind !== 'ef' || file.recordLength === 0) {
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
  return card.exchange(readRecord(record, file.recordLength));
}

/** Updates one record of the selected EF. */
export async function updateSelectedRecord(
  card: SessionChannel,
  record: number,
  data: Uint8Array,
): Promise<ResponseApdu> {
  return card.exchange(updateRecord(record, data));
}
