// What a user (the AT interface or a script) asks of the handset, and how each request runs:
// SMS send, store, send from storage (TS 27.005 §3.5 +CMGS, +CMGW, +CMSS), read, list, delete,
// generic SIM access (TS 27.007 §8.17 +CSIM, §8.18 +CRSM), menu selection (TS 102 223 §7.2), calls.
import { encodeEnvelope } from '../../protocol/cat/index.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { SessionChannel } from './card-channel.ts';
import { envelopeCommand } from './gsm-commands.ts';
import { sendSms } from './mo-sms.ts';
import type { CarrierPort, VoicePort } from './ports.ts';
import {
  deleteOnSim,
  listSim,
  readFromSim,
  rewriteOnSim,
  storeOnSim,
  type IndexedSms,
} from './sim-sms.ts';
import type { StoredSms } from './stored-sms.ts';
import { restrictedAccess, type RestrictedAccess } from './restricted-sim.ts';

/** SMS storage: the SIM's EF_SMS or the handset's own memory (TS 27.005 §3.1 <mem>). */
export type Storage = 'SM' | 'ME';

export type HandsetJob =
  | { readonly kind: 'enterPin'; readonly pin: string }
  | { readonly kind: 'enterPuk'; readonly puk: string; readonly newPin: string }
  | { readonly kind: 'sendSms'; readonly tpdu: Uint8Array; readonly serviceCentre?: string }
  | { readonly kind: 'storeSms'; readonly storage: Storage; readonly sms: StoredSms }
  | { readonly kind: 'sendStored'; readonly storage: Storage; readonly index: number }
  | { readonly kind: 'readStored'; readonly storage: Storage; readonly index: number }
  /** `markRead`: received unread messages become received read (TS 27.005 §3.4.2 +CMGL). */
  | { readonly kind: 'listStored'; readonly storage: Storage; readonly markRead?: boolean }
  | { readonly kind: 'deleteStored'; readonly storage: Storage; readonly index: number }
  | { readonly kind: 'simCommand'; readonly apdu: CommandApdu; readonly raw: boolean }
  | { readonly kind: 'restrictedSim'; readonly access: RestrictedAccess }
  | { readonly kind: 'selectMenuItem'; readonly itemId: number }
  | { readonly kind: 'dial'; readonly number: string }
  | { readonly kind: 'dtmf'; readonly digits: string }
  | { readonly kind: 'hangUp' };

/** Why a request failed, in terms the AT interface maps to +CME/+CMS ERROR codes. */
export type JobErrorCode =
  | 'pinRequired'
  | 'pukRequired'
  | 'incorrectPassword'
  | 'invalidIndex'
  | 'memoryFull'
  | 'refusedBySim'
  | 'networkFailure'
  | 'simFailure'
  | 'notAllowed';

export type JobResult =
  | { readonly ok: true; readonly messageReference?: number; readonly index?: number }
  | { readonly ok: true; readonly sms: StoredSms }
  | { readonly ok: true; readonly list: readonly IndexedSms[] }
  | { readonly ok: true; readonly response: ResponseApdu }
  | { readonly ok: false; readonly error: JobErrorCode; readonly detail?: string };

/** What a job sees: the card session, the ports, the handset's settings and its own memory. */
export interface JobContext {
  readonly card: SessionChannel;
  readonly carrier: CarrierPort;
  readonly voice: VoicePort;
  readonly serviceCentre: string;
  readonly moSmsControl: boolean;
  readonly messageReference: number;
  readonly memory: readonly (StoredSms | undefined)[];
}

/** A job's result and the handset memory after it. */
export interface JobOutcome {
  readonly result: JobResult;
  readonly memory: readonly (StoredSms | undefined)[];
  readonly messageReferenceUsed: boolean;
}

const fail = (error: JobErrorCode, detail?: string): JobResult =>
  detail === undefined ? { ok: false, error } : { ok: false, error, detail };

/** Runs one job (PIN jobs run elsewhere: they change the handset's state). */
export async function runJob(job: HandsetJob, ctx: JobContext): Promise<JobOutcome> {
  const memory = [...ctx.memory];
  const done = (result: JobResult, used = false): JobOutcome => ({
    result,
    memory,
    messageReferenceUsed: used,
  });
  switch (job.kind) {
    case 'sendSms':
      return send(ctx, memory, job.tpdu, job.serviceCentre ?? ctx.serviceCentre);
    case 'storeSms':
      return done(await store(ctx, memory, job.storage, job.sms));
    case 'sendStored':
      return sendStored(ctx, memory, job.storage, job.index);
    case 'readStored':
      return done(await read(ctx, memory, job.storage, job.index));
    case 'listStored':
      return done(await list(ctx, memory, job.storage, job.markRead === true));
    case 'deleteStored':
      return done(await remove(ctx, memory, job.storage, job.index));
    case 'simCommand': {
      const response = job.raw ? await ctx.card.raw(job.apdu) : await ctx.card.exchange(job.apdu);
      return done({ ok: true, response });
    }
    case 'restrictedSim':
      return done({ ok: true, response: await restrictedAccess(ctx.card, job.access) });
    case 'selectMenuItem': {
      const envelope = encodeEnvelope({
        kind: 'menuSelection',
        itemIdentifier: job.itemId,
        helpRequested: false,
      });
      const response = await ctx.card.exchange(envelopeCommand(envelope, ctx.card.mode));
      return done(
        response.sw >> 8 === 0x90 || response.sw >> 8 === 0x91 ? { ok: true } : fail('simFailure'),
      );
    }
    case 'dial':
      return done(await voice(() => ctx.voice.dial(job.number)));
    case 'dtmf':
      return done(await voice(() => ctx.voice.sendDtmf(job.digits)));
    case 'hangUp':
      return done(await voice(() => ctx.voice.hangUp()));
    case 'enterPin':
    case 'enterPuk':
      return done(fail('notAllowed'));
  }
}

async function voice(action: () => Promise<void>): Promise<JobResult> {
  try {
    await action();
    return { ok: true };
  } catch (error) {
    return fail('networkFailure', error instanceof Error ? error.message : String(error));
  }
}

async function send(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  tpdu: Uint8Array,
  serviceCentre: string,
): Promise<JobOutcome> {
  const stamped = tpdu.slice();
  if (stamped.length > 1) stamped[1] = ctx.messageReference & 0xff;
  const outcome = await sendSms(
    ctx.card,
    ctx.carrier,
    { serviceCentre, tpdu: stamped },
    ctx.moSmsControl,
  );
  if (outcome.kind === 'sent') {
    const result = { ok: true as const, messageReference: ctx.messageReference & 0xff };
    return { result, memory, messageReferenceUsed: true };
  }
  const result =
    outcome.kind === 'refused'
      ? fail('refusedBySim', outcome.alpha)
      : fail('networkFailure', outcome.reason);
  return { result, memory, messageReferenceUsed: false };
}

async function store(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  storage: Storage,
  sms: StoredSms,
): Promise<JobResult> {
  if (storage === 'SM') {
    const index = await storeOnSim(ctx.card, sms);
    return index === undefined ? fail('memoryFull') : { ok: true, index };
  }
  const free = memory.findIndex((m) => m === undefined);
  const at = free < 0 ? memory.length : free;
  memory[at] = sms;
  return { ok: true, index: at + 1 };
}

async function read(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  storage: Storage,
  index: number,
): Promise<JobResult> {
  const sms = storage === 'SM' ? await readFromSim(ctx.card, index) : memory[index - 1];
  if (sms === undefined) return fail('invalidIndex');
  if (sms.status === 0) {
    const seen: StoredSms = { ...sms, status: 1 };
    if (storage === 'SM') await rewriteOnSim(ctx.card, index, seen);
    else memory[index - 1] = seen;
  }
  return { ok: true, sms };
}

async function list(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  storage: Storage,
  markRead: boolean,
): Promise<JobResult> {
  const entries: IndexedSms[] = [];
  if (storage === 'SM') entries.push(...(await listSim(ctx.card)));
  memory.forEach((sms, i) => {
    if (storage === 'ME' && sms !== undefined) entries.push({ index: i + 1, sms });
  });
  if (markRead) {
    for (const { index, sms } of entries) {
      if (sms.status !== 0) continue;
      if (storage === 'SM') await rewriteOnSim(ctx.card, index, { ...sms, status: 1 });
      else memory[index - 1] = { ...sms, status: 1 };
    }
  }
  return { ok: true, list: entries };
}

async function remove(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  storage: Storage,
  index: number,
): Promise<JobResult> {
  if (storage === 'SM')
    return (await deleteOnSim(ctx.card, index)) ? { ok: true } : fail('invalidIndex');
  if (memory[index - 1] === undefined) return fail('invalidIndex');
  memory[index - 1] = undefined;
  return { ok: true };
}

async function sendStored(
  ctx: JobContext,
  memory: (StoredSms | undefined)[],
  storage: Storage,
  index: number,
): Promise<JobOutcome> {
  const sms = storage === 'SM' ? await readFromSim(ctx.card, index) : memory[index - 1];
  if (sms === undefined || sms.status < 2) {
    return { result: fail('invalidIndex'), memory, messageReferenceUsed: false };
  }
  const outcome = await send(ctx, memory, sms.tpdu, sms.serviceCentre || ctx.serviceCentre);
  if (outcome.result.ok && sms.status === 2) {
    const sent: StoredSms = { ...sms, status: 3 };
    if (storage === 'SM') await rewriteOnSim(ctx.card, index, sent);
    else memory[index - 1] = sent;
  }
  return outcome;
}
