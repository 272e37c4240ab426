// How the handset carries out a fetched proactive command (ETSI TS 102 223 §6.4, 3GPP TS 31.111
// §6.4, §6.11 results): screen, user, network and voice actions, and the TERMINAL RESPONSE.
import {
  ResultCode,
  decodeProactiveCommand,
  terminalResponseTo,
  type CommandDetails,
  type ProactiveCommand,
  type RefreshMode,
  type Result,
  type TerminalResponse,
  type TextString,
} from '../../protocol/cat/index.ts';
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { SessionChannel } from './card-channel.ts';
import { sendSms } from './mo-sms.ts';
import type { CarrierPort, UserPort, VoicePort } from './ports.ts';
import { prepareToolkitSubmit } from './toolkit-submit.ts';

/** What running a command needs. */
export interface ProactiveContext {
  readonly card: SessionChannel;
  readonly carrier: CarrierPort;
  readonly voice: VoicePort;
  readonly user: UserPort;
  readonly serviceCentre: string;
  readonly moSmsControl: boolean;
  readonly messageReference: number;
}

/** What happened, for the handset's state: the response and the side effects it keeps. */
export interface ProactiveOutcome {
  readonly response: TerminalResponse | undefined;
  readonly command: ProactiveCommand | undefined;
  /** Text shown on the screen. */
  readonly screen?: string;
  /** REFRESH: what the handset has to redo once it has answered. */
  readonly restart?: 'subscriber' | 'card';
  /** An SMS was sent with the given TP-MR. */
  readonly messageReferenceUsed?: boolean;
}

const ok: Result = { code: ResultCode.success };
const code = (c: number, info?: number): Result =>
  info === undefined ? { code: c } : { code: c, additionalInfo: Uint8Array.of(info) };

/** Decodes and runs the FETCH data; a command it cannot read gets "command data not understood". */
export async function runProactive(
  bytes: Uint8Array,
  ctx: ProactiveContext,
): Promise<ProactiveOutcome> {
  let command: ProactiveCommand;
  try {
    command = decodeProactiveCommand(bytes);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    const details = rawCommandDetails(bytes);
    if (details === undefined) return { response: undefined, command: undefined };
    return {
      response: { command: details, result: code(ResultCode.commandDataNotUnderstood) },
      command: undefined,
    };
  }
  const outcome = await perform(command, ctx);
  return { ...outcome, command };
}

/** The answer when the user let a command time out (TS 102 223 §6.11: result 12). */
export function noResponseFor(bytes: Uint8Array): TerminalResponse | undefined {
  const details = rawCommandDetails(bytes);
  return details === undefined
    ? undefined
    : { command: details, result: code(ResultCode.noResponseFromUser) };
}

/** Command details read straight from the bytes, for answering a command that did not decode. */
function rawCommandDetails(bytes: Uint8Array): CommandDetails | undefined {
  const start = bytes[1] === 0x81 ? 3 : 2;
  const tag = (bytes[start] ?? 0) & 0x7f;
  if (bytes[0] !== 0xd0 || tag !== 0x01 || bytes[start + 1] !== 3) return undefined;
  const [commandNumber, commandType, qualifier] = bytes.subarray(start + 2, start + 5);
  if (qualifier === undefined) return undefined;
  return { commandNumber: commandNumber!, commandType: commandType!, qualifier };
}

async function perform(
  c: ProactiveCommand,
  ctx: ProactiveContext,
): Promise<Omit<ProactiveOutcome, 'command'>> {
  const respond = (result: Result, objects = {}): TerminalResponse =>
    terminalResponseTo(c, result, objects);
  switch (c.type) {
    case 'displayText':
      return { response: respond(ok), screen: c.text?.text ?? '' };
    case 'getInput':
      return { response: await getInput(c, ctx) };
    case 'selectItem':
      return { response: await selectItem(c, ctx) };
    case 'sendShortMessage':
      return sendShortMessage(c, ctx);
    case 'setUpCall':
      return { response: respond(await voiceAction(() => ctx.voice.dial(dialString(c.address)))) };
    case 'sendDtmf':
      return { response: respond(await voiceAction(() => ctx.voice.sendDtmf(c.digits))) };
    case 'refresh':
      return { response: respond(ok), ...refreshRestart(c.mode) };
    case 'setUpMenu':
    case 'moreTime':
    case 'setUpEventList':
      return { response: respond(ok) };
    case 'other':
      return { response: respond(code(ResultCode.beyondTerminalCapabilities)) };
  }
}

/** TS 102 223 §6.4.7: a reset restarts the card session; initialisation re-reads the subscriber. */
function refreshRestart(mode: RefreshMode): Pick<ProactiveOutcome, 'restart'> {
  if (mode === 'uiccReset') return { restart: 'card' };
  if (mode === 'fileChange' || mode === 'steeringOfRoaming' || mode === 'steeringOfRoamingIwlan') {
    return {};
  }
  return { restart: 'subscriber' };
}

function dialString(address: { ton: number; digits: string }): string {
  return address.ton === 1 ? `+${address.digits}` : address.digits;
}

async function voiceAction(action: () => Promise<void>): Promise<Result> {
  try {
    await action();
    return ok;
  } catch {
    return code(ResultCode.networkUnableToProcess, 0);
  }
}

async function getInput(
  c: Extract<ProactiveCommand, { type: 'getInput' }>,
  ctx: ProactiveContext,
): Promise<TerminalResponse> {
  const prompt = c.prompt?.text ?? '';
  const answer = await ctx.user.answer({ kind: 'input', prompt, hidden: c.hideInput });
  if (answer.kind !== 'text') return terminalResponseTo(c, code(ResultCode.noResponseFromUser));
  const coding: TextString['coding'] = c.ucs2 ? 'ucs2' : c.packedResponse ? 'gsm7Packed' : 'gsm8';
  return terminalResponseTo(c, ok, { text: { coding, text: answer.text } });
}

async function selectItem(
  c: Extract<ProactiveCommand, { type: 'selectItem' }>,
  ctx: ProactiveContext,
): Promise<TerminalResponse> {
  const items = c.items.map((item) => item.text);
  const answer = await ctx.user.answer({ kind: 'select', title: c.alpha ?? '', items });
  const chosen = answer.kind === 'item' ? c.items[answer.position - 1] : undefined;
  if (chosen === undefined) return terminalResponseTo(c, code(ResultCode.noResponseFromUser));
  return terminalResponseTo(c, ok, { itemIdentifier: chosen.id });
}

async function sendShortMessage(
  c: Extract<ProactiveCommand, { type: 'sendShortMessage' }>,
  ctx: ProactiveContext,
): Promise<Omit<ProactiveOutcome, 'command'>> {
  const respond = (result: Result): TerminalResponse => terminalResponseTo(c, result);
  let sms;
  try {
    sms = prepareToolkitSubmit(c, ctx.serviceCentre, ctx.messageReference);
  } catch (error) {
    if (error instanceof DecodeError || error instanceof RangeError) {
      return { response: respond(code(ResultCode.commandDataNotUnderstood)) };
    }
    throw error;
  }
  const outcome = await sendSms(ctx.card, ctx.carrier, sms, ctx.moSmsControl);
  if (outcome.kind === 'refused') {
    return { response: respond(code(ResultCode.callControlPermanentProblem, 0x01)) };
  }
  if (outcome.kind === 'networkFailure') {
    return { response: respond(code(ResultCode.networkUnableToProcess, 0)) };
  }
  return { response: respond(ok), messageReferenceUsed: true };
}
