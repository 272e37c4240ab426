// Short messages on the SIM (3GPP TS 51.011 §10.5.3, TS 23.038 §4 class 2): finding a free EF_SMS
// record by reading until one is free, storing with UPDATE RECORD, reading, listing, deleting.
import type { SessionChannel } from './card-channel.ts';
import {
  CardStatusError,
  readSelectedRecord,
  selectRecords,
  smsFile,
  updateSelectedRecord,
  type RecordFile,
} from './sim-files.ts';
import {
  decodeSmsRecord,
  encodeSmsRecord,
  freeRecord,
  isFreeRecord,
  type StoredSms,
} from './stored-sms.ts';

/** A message with its 1-based position in storage. */
export interface IndexedSms {
  readonly index: number;
  readonly sms: StoredSms;
}

async function readOne(card: SessionChannel, file: RecordFile, index: number): Promise<Uint8Array> {
  const response = await readSelectedRecord(card, file, index);
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, `READ RECORD ${index}`);
  return response.data;
}

async function write(card: SessionChannel, index: number, record: Uint8Array): Promise<void> {
  const response = await updateSelectedRecord(card, index, record);
  if (response.sw !== 0x9000) throw new CardStatusError(response.sw, `UPDATE RECORD ${index}`);
}

/** Stores a message in the first free record; resolves to its index, or undefined when full. */
export async function storeOnSim(
  card: SessionChannel,
  sms: StoredSms,
): Promise<number | undefined> {
  const file = await selectRecords(card, smsFile(card.mode));
  for (let index = 1; index <= file.records; index++) {
    if (!isFreeRecord(await readOne(card, file, index))) continue;
    await write(card, index, encodeSmsRecord(sms));
    return index;
  }
  return undefined;
}

/** Reads the message at `index`; undefined when the record is free or out of range. */
export async function readFromSim(
  card: SessionChannel,
  index: number,
): Promise<StoredSms | undefined> {
  const file = await selectRecords(card, smsFile(card.mode));
  if (index < 1 || index > file.records) return undefined;
  return decodeSmsRecord(await readOne(card, file, index));
}

/** Rewrites the message at `index` (a status change). */
export async function rewriteOnSim(
  card: SessionChannel,
  index: number,
  sms: StoredSms,
): Promise<void> {
  await selectRecords(card, smsFile(card.mode));
  await write(card, index, encodeSmsRecord(sms));
}

/** Every used record, in order. */
export async function listSim(card: SessionChannel): Promise<IndexedSms[]> {
  const file = await selectRecords(card, smsFile(card.mode));
  const out: IndexedSms[] = [];
  for (let index = 1; index <= file.records; index++) {
    const sms = decodeSmsRecord(await readOne(card, file, index));
    if (sms !== undefined) out.push({ index, sms });
  }
  return out;
}

/** Frees the record at `index`; false when out of range. */
export async function deleteOnSim(card: SessionChannel, index: number): Promise<boolean> {
  const file = await selectRecords(card, smsFile(card.mode));
  if (index < 1 || index > file.records) return false;
  await write(card, index, freeRecord());
  return true;
}
