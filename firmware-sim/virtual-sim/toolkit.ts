// Card Application Toolkit commands: TERMINAL PROFILE (TS 102 221 §11.2.1, stored), ENVELOPE
// (§11.2.2; SMS-PP data download TS 31.111 §7.1.1, MO short message control §7.3.2, menu selection
// and event download TS 102 223 §7), FETCH (§11.2.3) and TERMINAL RESPONSE (§11.2.4), with the
// queue of proactive commands the card announces with 91xx (TS 102 221 §14.6.1).
import { DecodeError, fromHex } from '../../protocol/bytes/index.ts';
import { decodeEnvelope, type Envelope, type SmsPpDownload } from '../../protocol/cat/envelope.ts';
import { decodeTerminalResponse } from '../../protocol/cat/terminal-response.ts';
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import { SmsRecordStatus, encodeEfSmsRecord } from '../../protocol/sms/ef-sms-record.ts';
import { decodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import type { CardState } from './card-state.ts';
import { DF_TELECOM } from './file-layout.ts';
import { OK, fail, leOf, wrongLe, type Dialect, type Outcome } from './outcome.ts';

/** Envelope templates of TS 101 220 §7.2 ('D1' to 'DF'); other tags are not envelopes. */
const ENVELOPE_TAGS = { first: 0xd1, last: 0xdf };

/** Adds a proactive command (a `D0` BER-TLV) to the card's queue. */
export function queueProactiveCommand(state: CardState, command: Uint8Array): void {
  state.volatile.proactiveQueue.push(command.slice());
}

/** TERMINAL PROFILE: stored; the card then queues its own proactive commands. */
export function terminalProfile(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length === 0) return fail(dialect, 'wrongLength');
  state.terminalProfile = apdu.data.slice();
  const v = state.volatile;
  v.terminalProfileSeen = true;
  if (v.proactiveQueue.length === 0) {
    for (const hex of state.profile.proactiveCommands ?? []) v.proactiveQueue.push(fromHex(hex));
  }
  return OK;
}

/** ENVELOPE: acknowledges every envelope; SMS-PP downloads may be stored in EF_SMS. */
export function envelope(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length === 0) return fail(dialect, 'wrongLength');
  const tag = apdu.data[0]!;
  if (tag < ENVELOPE_TAGS.first || tag > ENVELOPE_TAGS.last) return { sw: 0x6f00 };
  let decoded: Envelope;
  try {
    decoded = decodeEnvelope(apdu.data);
  } catch (error) {
    return error instanceof DecodeError ? fail(dialect, 'wrongData') : { sw: 0x6f00 };
  }
  if (decoded.kind === 'smsPpDownload' && state.profile.storeSmsPpDownload) {
    return storeSms(state, decoded, dialect);
  }
  return OK;
}

/** The EF_SMS record for a downloaded SMS: "to be read", its service centre and SMS-DELIVER. */
function smsRecord(download: SmsPpDownload): Uint8Array {
  const tpdu = decodeSmsDeliver(download.tpdu);
  const sc = download.serviceCentre;
  const status = SmsRecordStatus.mtToBeRead;
  return encodeEfSmsRecord(
    sc === undefined
      ? { kind: 'used', status, tpdu }
      : {
          kind: 'used',
          status,
          tpdu,
          serviceCentre: { ton: sc.ton, npi: sc.npi, value: sc.digits },
        },
  );
}

/** Stores the SMS in the first free EF_SMS record (6A84 / 9240 when none is free). */
function storeSms(state: CardState, download: SmsPpDownload, dialect: Dialect): Outcome {
  const content = state.contents[`${DF_TELECOM}/6F3C`];
  let record: Uint8Array;
  try {
    record = smsRecord(download);
  } catch {
    return fail(dialect, 'wrongData');
  }
  if (content?.kind !== 'records') return fail(dialect, 'wrongData');
  const free = content.records.findIndex((r) => (r[0]! & 0x01) === 0);
  if (free < 0) {
    markMemoryExceeded(state);
    return fail(dialect, 'memoryFull');
  }
  content.records[free] = record;
  return OK;
}

/** EF_SMSS byte 2 b1 = 0: memory capacity exceeded (TS 51.011 §10.5.7). */
function markMemoryExceeded(state: CardState): void {
  const smss = state.contents[`${DF_TELECOM}/6F43`];
  if (smss?.kind === 'binary' && smss.data.length >= 2) smss.data[1]! &= 0xfe;
}

/** FETCH: the first queued proactive command; Le must be its length. */
export function fetch(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  const command = state.volatile.proactiveQueue[0];
  if (command === undefined) return fail(dialect, 'nothingPending');
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  if (leOf(apdu) !== command.length) return wrongLe(dialect, command.length);
  state.volatile.proactiveFetched = true;
  return { sw: 0x9000, data: command.slice() };
}

/** TERMINAL RESPONSE: ends the proactive command fetched last. */
export function terminalResponse(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length === 0) return fail(dialect, 'wrongLength');
  const v = state.volatile;
  if (!v.proactiveFetched) return fail(dialect, 'nothingPending');
  try {
    decodeTerminalResponse(apdu.data);
  } catch {
    return fail(dialect, 'wrongData');
  }
  v.proactiveQueue.shift();
  v.proactiveFetched = false;
  return OK;
}
