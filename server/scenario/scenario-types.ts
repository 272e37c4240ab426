// The scenario model: who is in the scheme, which handsets take part, the line and carrier faults,
// and the steps of a run with what each must lead to. Money is integer minor units (bigint).
import type { PorStatus } from '../../protocol/ota/status.ts';
import type { AcceptMode } from '../members/types.ts';
import type { Route, RouteFaults } from '../carrier/sms-faults.ts';
import type { ChannelSettings } from '../carrier/voice-switch.ts';

/** A member registered before the run starts. */
export interface ScenarioMember {
  readonly msisdn: string;
  readonly bank: string;
  /** Opening balance, in minor units. */
  readonly balance: bigint;
  readonly pin: string;
  readonly acceptMode: AcceptMode;
  /** Plain (unsecured) SMS commands are accepted from this member. */
  readonly plainSms: boolean;
}

/** The SIM of a handset: the virtual SIM from the profile, or a card in a PC/SC reader. */
export type ScenarioSim =
  { readonly kind: 'virtual' } | { readonly kind: 'reader'; readonly reader: string };

/** An emulated handset. */
export interface ScenarioHandset {
  readonly msisdn: string;
  /** SIM profile file, resolved against the scenario file's folder. */
  readonly profile: string;
  /** The SIM adaptor sits between handset and SIM. */
  readonly adaptor: boolean;
  readonly sim: ScenarioSim;
}

/** Line impairments of the voice channel, per direction. */
export interface ScenarioChannel {
  readonly uplink: ChannelSettings;
  readonly downlink: ChannelSettings;
}

/** Faults of the simulated SMS centre. */
export interface ScenarioCarrier {
  readonly faults: RouteFaults;
  readonly routes: readonly Route[];
  readonly maxAttempts?: number;
  readonly retryIntervalMs?: number;
}

/** An SMS from the server that a number must have received. */
export interface ExpectedReply {
  readonly to: string;
  readonly contains: string;
}

/** What must hold after a step. */
export interface Expectation {
  /** Balances in minor units, by MSISDN. */
  readonly balances?: ReadonlyMap<string, bigint>;
  readonly replies?: readonly ExpectedReply[];
  /** The step's SMS was refused (by the adaptor, the handset or the server). */
  readonly smsRefused?: boolean;
  /** TS 102 225 response status of the server's secured reply. */
  readonly status?: PorStatus;
}

/** Where an SMS is composed: the adaptor's toolkit menu, or the handset's SIM storage. */
export type SendVia = 'menu' | 'storage';

/** Who sends a call's request: the handset's voice modem, or the adaptor with SEND DTMF. */
export type CallVia = 'modem' | 'adaptor';

/** One action of a run. */
export type StepAction =
  | {
      readonly kind: 'send';
      readonly from: string;
      readonly to: string;
      readonly amount: bigint;
      readonly via: SendVia;
    }
  | { readonly kind: 'sms'; readonly from: string; readonly text: string }
  | { readonly kind: 'pinCall'; readonly to: string; readonly pin: string }
  | {
      readonly kind: 'call';
      readonly from: string;
      readonly to: string;
      readonly amount: bigint;
      readonly mode: 'dtmf' | 'fsk';
      /** `modem`: the handset's voice modem client; `adaptor`: the adaptor's menu (DTMF only). */
      readonly via: CallVia;
    }
  | {
      readonly kind: 'request';
      readonly from: string;
      readonly to: string;
      readonly amount: bigint;
    }
  | { readonly kind: 'accept'; readonly by: string; readonly decision: 'accept' | 'decline' }
  | { readonly kind: 'invite'; readonly from: string; readonly to: string; readonly amount: bigint }
  | { readonly kind: 'join'; readonly msisdn: string; readonly bank: string; readonly pin: string }
  | { readonly kind: 'replay'; readonly from: string; readonly index: number | 'last' }
  | { readonly kind: 'pullSim'; readonly handset: string }
  | { readonly kind: 'insertSim'; readonly handset: string }
  | { readonly kind: 'wait'; readonly ms: number };

/** A step with its expectations and the line it starts on. */
export interface ScenarioStep {
  readonly action: StepAction;
  readonly expect: Expectation;
  readonly line: number;
  /** What the step shows, in the author's words. */
  readonly note?: string;
}

/** A whole scenario file. */
export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  /** The server's short code for SMS. */
  readonly serverNumber: string;
  /** The IVR's number for calls. */
  readonly ivrNumber: string;
  readonly members: readonly ScenarioMember[];
  readonly handsets: readonly ScenarioHandset[];
  readonly channel: ScenarioChannel;
  readonly carrier: ScenarioCarrier;
  readonly steps: readonly ScenarioStep[];
}
