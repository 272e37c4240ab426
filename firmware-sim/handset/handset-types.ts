// Types of the handset machine (3GPP TS 51.011 §11.2, TS 31.111 §6, TS 23.040): the events it
// takes, the notices it emits, its input and its context.
import type { TerminalResponse } from '../../protocol/cat/index.ts';
import type { CardMode } from './card-mode.ts';
import type { HandsetMemory, HandsetPorts } from './handset-actors.ts';
import type { HandsetFault } from './handset-support.ts';
import type { HandsetJob, JobResult, Storage } from './jobs.ts';
import type { IncomingSms, ReceiveOutcome } from './mt-sms.ts';
import type { CardIdentity, Subscriber } from './start-up.ts';
import type { StoredSms } from './stored-sms.ts';

/** A request from the user with the id its answer will carry. */
export interface HandsetRequest {
  readonly id: number;
  readonly job: HandsetJob;
}

export type HandsetEvent =
  | { readonly type: 'user.request'; readonly request: HandsetRequest }
  | { readonly type: 'carrier.deliver'; readonly sms: IncomingSms }
  | { readonly type: 'card.inserted' };

export interface MenuItem {
  readonly id: number;
  readonly text: string;
}

export type HandsetEmitted =
  | { readonly type: 'request.done'; readonly id: number; readonly result: JobResult }
  | { readonly type: 'screen.text'; readonly text: string }
  | { readonly type: 'menu.changed'; readonly items: readonly MenuItem[] }
  | {
      readonly type: 'sms.received';
      readonly outcome: ReceiveOutcome;
      /** Where the message was stored and at which index, when it was stored. */
      readonly storage?: Storage;
      readonly index?: number;
      readonly sms?: StoredSms;
    }
  | { readonly type: 'card.fault'; readonly fault: HandsetFault; readonly reason: string };

export interface HandsetInput {
  readonly ports: HandsetPorts;
  /** Milliseconds between STATUS polls (TS 51.014 §6.4.6: the default poll interval is 30 s). */
  readonly statusInterval?: number;
  /** Milliseconds a toolkit command may wait for the user before "no response from user". */
  readonly userResponseTimeout?: number;
}

export interface HandsetContext {
  readonly ports: HandsetPorts;
  readonly statusInterval: number;
  readonly userResponseTimeout: number;
  /** The command set chosen at power-on: GSM class A0 or the UICC's. */
  readonly mode: CardMode;
  readonly identity: CardIdentity | undefined;
  readonly subscriber: Subscriber | undefined;
  readonly pinAttempts: number;
  readonly pukAttempts: number;
  readonly queue: readonly HandsetRequest[];
  readonly current: HandsetRequest | undefined;
  readonly inbox: readonly IncomingSms[];
  readonly memory: HandsetMemory;
  /** Length of the proactive command the card announced with 91 xx. */
  readonly pending: number | undefined;
  readonly fetched: Uint8Array | undefined;
  readonly response: TerminalResponse | undefined;
  /** Set by REFRESH: redo the card start-up or re-read the subscriber files after answering. */
  readonly restart: 'subscriber' | 'card' | undefined;
  readonly menu: readonly MenuItem[];
  readonly screen: readonly string[];
  readonly messageReference: number;
  readonly faultReason: string;
  /** Whether the last card failure was a removal or a silent card. */
  readonly fault: HandsetFault;
}

/** The context a freshly powered handset starts with. */
export function initialContext(input: HandsetInput): HandsetContext {
  return {
    ports: input.ports,
    statusInterval: input.statusInterval ?? 30_000,
    userResponseTimeout: input.userResponseTimeout ?? 120_000,
    mode: 'gsm',
    identity: undefined,
    subscriber: undefined,
    pinAttempts: 0,
    pukAttempts: 0,
    queue: [],
    current: undefined,
    inbox: [],
    memory: [],
    pending: undefined,
    fetched: undefined,
    response: undefined,
    restart: undefined,
    menu: [],
    screen: [],
    messageReference: 0,
    faultReason: '',
    fault: 'silent',
  };
}
