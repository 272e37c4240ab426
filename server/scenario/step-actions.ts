// Carries out one scenario action in the world the way a person would: through the adaptor's
// toolkit menu (TS 102 223 §7.2, GET INPUT / SELECT ITEM answers), a stored SMS sent from EF_SMS
// (TS 27.005 +CMGW/+CMSS), a plain text SMS, a call to the IVR (by the handset's voice modem, or
// from the adaptor's menu: adaptor-call.ts), the PIN keyed on a call-back.
import { menuRequest, selectFromMenu } from '../../cli/handset-adaptor.ts';
import { textSubmit } from '../../firmware-sim/handset/at/at-sms-format.ts';
import type { JobResult } from '../../firmware-sim/handset/jobs.ts';
import type { Request } from '../../modem/voice/request.ts';
import { formatAmount } from '../ledger/money.ts';
import { voiceKeysOf, type ScenarioWorld } from './scenario-world.ts';
import type { StepAction } from './scenario-types.ts';
import { payByCall, pinCallBack } from './scenario-voice.ts';
import { adaptorCall } from './adaptor-call.ts';

/** What an action did, besides what the world records. */
export interface ActionResult {
  /** An SMS of the step was refused before it reached the network. */
  readonly smsRefused?: boolean;
  /** One line per thing worth telling (call outcome, refusal reason). */
  readonly notes: readonly string[];
  /** The audio of a call as each end heard it. */
  readonly audio?: CallAudio;
}

/** The audio of one call: what the IVR heard, and what the handset heard when it was kept. */
export interface CallAudio {
  readonly name: string;
  readonly uplink: Float32Array;
  readonly downlink?: Float32Array;
}

/** Thrown when an action cannot be carried out at all (a step fails with this message). */
export class ActionError extends Error {
  override readonly name = 'ActionError';
}

const digits = (msisdn: string): string => msisdn.replace(/^\+/, '');

/** Runs `action`; `pins` holds every member's payment PIN. */
export async function runAction(
  world: ScenarioWorld,
  action: StepAction,
  pins: ReadonlyMap<string, string>,
): Promise<ActionResult> {
  const pinOf = (msisdn: string): string => pins.get(msisdn) ?? '0000';
  switch (action.kind) {
    case 'send':
    case 'invite': {
      const text = `PAY ${formatAmount(action.amount)} ${digits(action.to)}`;
      const via = action.kind === 'send' ? action.via : 'menu';
      return via === 'menu'
        ? throughMenu(world, action.from, text, pinOf(action.from))
        : fromStorage(world, action.from, `${text} PIN ${pinOf(action.from)}`);
    }
    case 'request':
      return throughMenu(
        world,
        action.from,
        `REQUEST ${formatAmount(action.amount)} ${digits(action.to)}`,
        pinOf(action.from),
      );
    case 'sms':
      return plainSms(world, action.from, action.text);
    case 'accept':
      return answerWaiting(world, action.by, action.decision, pinOf(action.by));
    case 'pinCall':
      return pinCall(world, action.to, action.pin);
    case 'call':
      return action.via === 'adaptor'
        ? adaptorCall(world, action, pinOf(action.from))
        : call(world, action, pinOf(action.from));
    default:
      return worldAction(world, action);
  }
}

async function worldAction(world: ScenarioWorld, action: StepAction): Promise<ActionResult> {
  switch (action.kind) {
    case 'join': {
      const { msisdn, pin, bank } = action;
      const joined = await world.core.service.register({ msisdn, pin, bank });
      await world.core.gateway.registry.setPlainSmsAllowed(msisdn, true);
      return {
        notes: [`${msisdn} joined at ${bank}, ${joined.claimed.length} payment(s) claimed`],
      };
    }
    case 'replay':
      world.smsc.replay(action.from, action.index);
      return { notes: [`SMS ${action.index} of ${action.from} submitted again`] };
    case 'pullSim':
      world.phone(action.handset).pullSim();
      return { notes: ['SIM removed'] };
    case 'insertSim':
      await world.phone(action.handset).insertSim();
      return { notes: ['SIM back, handset restarted'] };
    case 'wait': {
      await world.advance(action.ms);
      const expired = await world.core.service.expire();
      return { notes: expired.length > 0 ? [`${expired.length} payment(s) expired`] : [] };
    }
    default:
      throw new ActionError(`action ${action.kind} is not handled`);
  }
}

/** Runs `send` and tells whether an SMS left the handset for the network. */
async function submitted(world: ScenarioWorld, send: () => Promise<string[]>) {
  const before = world.smsc.count('accepted') + world.smsc.count('lost');
  const notes = await send();
  const after = world.smsc.count('accepted') + world.smsc.count('lost');
  return { smsRefused: after === before, notes };
}

/**
 * With the SIM out, the handset has no toolkit menu and no SIM storage: the user can only try to
 * send `text` as a message, which the handset refuses (or not) by itself.
 */
async function withoutSim(world: ScenarioWorld, from: string, text: string) {
  const sent = await plainSms(world, from, text);
  return { ...sent, notes: ['no SIM: no toolkit menu, no SIM storage', ...sent.notes] };
}

async function throughMenu(
  world: ScenarioWorld,
  from: string,
  text: string,
  pin: string,
): Promise<ActionResult> {
  const phone = world.phone(from);
  if (!phone.adaptor) throw new ActionError(`${from} has no adaptor, so no payment menu`);
  const request = menuRequest(text, pin);
  if (!request) throw new ActionError(`cannot enter '${text}' in the menu`);
  if (phone.simPulled) return withoutSim(world, from, text);
  return submitted(world, async () => {
    phone.answer(request.answers);
    await selectFromMenu(phone.client, request);
    return [`${text.split(' ')[0]} entered in the adaptor's menu`];
  });
}

const describeResult = (what: string, result: JobResult): string =>
  result.ok
    ? `${what}: sent`
    : `${what}: ${result.error}${result.detail === undefined ? '' : ` (${result.detail})`}`;

async function fromStorage(world: ScenarioWorld, from: string, text: string) {
  if (world.phone(from).simPulled) return withoutSim(world, from, text);
  const { client } = world.phone(from);
  const sms = {
    status: 2 as const,
    serviceCentre: '',
    tpdu: textSubmit(text, world.scenario.serverNumber),
  };
  const stored = await client.request({ kind: 'storeSms', storage: 'SM', sms });
  if (!stored.ok || !('index' in stored) || stored.index === undefined)
    throw new ActionError(
      `the SMS could not be stored on the SIM: ${describeResult('store', stored)}`,
    );
  const index = stored.index;
  return submitted(world, async () => {
    const result = await client.request({ kind: 'sendStored', storage: 'SM', index });
    return [describeResult(`stored SMS ${index}`, result)];
  });
}

async function plainSms(world: ScenarioWorld, from: string, text: string) {
  const { client } = world.phone(from);
  return submitted(world, async () => {
    const tpdu = textSubmit(text, world.scenario.serverNumber);
    return [describeResult('plain SMS', await client.request({ kind: 'sendSms', tpdu }))];
  });
}

/** The payer answers by SMS: secured through SIM storage with an adaptor, else plain. */
async function answerWaiting(
  world: ScenarioWorld,
  by: string,
  decision: 'accept' | 'decline',
  pin: string,
): Promise<ActionResult> {
  const text = `${decision.toUpperCase()} PIN ${pin}`;
  const phone = world.phones.get(by);
  if (!phone) throw new ActionError(`${by} has no handset to answer with`);
  return phone.adaptor ? fromStorage(world, by, text) : plainSms(world, by, text);
}

async function pinCall(world: ScenarioWorld, to: string, pin: string): Promise<ActionResult> {
  if (!world.callBacks.includes(to))
    throw new ActionError(`the server did not ask to call ${to} back for a PIN`);
  world.callBacks.splice(world.callBacks.indexOf(to), 1);
  const { gateway } = world.core;
  const { outcome, uplink, downlink } = await pinCallBack(
    to,
    pin,
    world.scenario.channel,
    world.random,
    (msisdn, keyed) => gateway.releasePin(msisdn, keyed),
  );
  await world.advance(outcome.atMs);
  const said =
    outcome.kind === 'released'
      ? `the IVR released the held command: ${outcome.release.reply}`
      : `the call-back ended without a PIN (${outcome.kind})`;
  return { notes: [said], audio: { name: `pin-callback-${digits(to)}`, uplink, downlink } };
}

async function call(
  world: ScenarioWorld,
  action: Extract<StepAction, { kind: 'call' }>,
  pin: string,
): Promise<ActionResult> {
  const request: Request = {
    commandId: 10,
    params: { 1: digits(action.from), 2: digits(action.to), 3: Number(action.amount), 4: pin },
  };
  const { scenario, voice, table } = world;
  const keys = world.phone(action.from).adaptor ? voiceKeysOf(world.core, action.from) : undefined;
  const sealed = keys ? { keys, counter: world.nextVoiceCounter(action.from) } : undefined;
  const result = await payByCall(voice, table, {
    caller: action.from,
    ivrNumber: scenario.ivrNumber,
    request,
    mode: action.mode,
    ...(sealed ? { sealed } : {}),
  });
  await world.advance(result.durationMs);
  const response = result.response;
  const name = response && (table.responses.get(response.responseId)?.name ?? 'response');
  const heard = response
    ? `${name} ${String(response.params[1])} in ${result.mode ?? action.mode}`
    : `no response: ${result.error ?? 'call failed'}`;
  const seconds = (result.durationMs / 1000).toFixed(1);
  const how = sealed ? `sealed with the adaptor's keys (counter ${sealed.counter}), ` : '';
  const notes = [
    `call ${seconds} s, ${how}${result.retransmissions ?? 0} retransmission(s), ${heard}`,
  ];
  if (!result.recording) return { notes };
  const { uplink, downlink } = result.recording;
  return { notes, audio: { name: `call-${action.mode}-${digits(action.from)}`, uplink, downlink } };
}
