// Types of the simulated SMS centre (3GPP TS 23.040 §2 store and forward): what it delivers to
// handsets and applications, its settings, the notices it emits, and its errors.
import type { ReportRequest } from './smsc-messages.ts';
import type { RouteFaults, Route } from './sms-faults.ts';

/** An SMS arriving at a handset: RP-OA service centre and the TPDU (SMS-DELIVER or SMS-STATUS-REPORT). */
export interface MtSms {
  readonly kind: 'deliver' | 'statusReport';
  readonly serviceCentre: string;
  readonly tpdu: Uint8Array;
}

/**
 * Hands one SMS to an attached handset. Throwing or rejecting means the handset did not
 * acknowledge (RP-ERROR or no answer): the centre tries again later.
 */
export type HandsetDelivery = (sms: MtSms) => void | Promise<void>;

/** An application behind a short code: receives each SMS-SUBMIT with its originating number. */
export type ApplicationReceiver = (originator: string, tpdu: Uint8Array) => void | Promise<void>;

/** Settings of the SMS centre. */
export interface SmscOptions {
  /** The centre's own address, given to handsets as RP-OA (default "+10000000000"). */
  readonly address?: string;
  /** Most messages held at once, waiting or in delivery (default 10,000). */
  readonly maxQueued?: number;
  /** Delivery attempts before a message is given up (default 10). */
  readonly maxAttempts?: number;
  /** Wait between a failed attempt and the next, in ms (default 30,000). */
  readonly retryIntervalMs?: number;
  /** Longest a reordered message is held back waiting to be overtaken, in ms (default 10,000). */
  readonly reorderHoldMs?: number;
  /** SMS-SUBMITs kept per sender for `replay` (default the first 64). */
  readonly keepSent?: number;
  /** Faults of routes no entry of `routes` matches (default none). */
  readonly faults?: RouteFaults;
  /** Faults per route, first match wins. */
  readonly routes?: readonly Route[];
  /** Sees every step of every message, for traces and tests. */
  readonly onEvent?: (event: SmscEvent) => void;
}

/** What happened to a message. */
export type SmscEventType =
  | 'accepted'
  | 'lost'
  | 'parked'
  | 'delayed'
  | 'held'
  | 'dropped'
  | 'failed'
  | 'delivered'
  | 'duplicated'
  | 'expired';

/** One step in the life of a message; `id` counts messages from 1 in the order accepted. */
export interface SmscEvent {
  readonly type: SmscEventType;
  readonly id: number;
  readonly from: string;
  readonly to: string;
  readonly kind: 'deliver' | 'statusReport';
  readonly attempt: number;
  readonly atMs: number;
}

/** Stable codes of the centre's refusals. */
export type CarrierErrorCode =
  | 'SMSC_QUEUE_FULL'
  | 'SMSC_BAD_TPDU'
  | 'SMSC_DUPLICATE'
  | 'SMSC_ALREADY_ATTACHED'
  | 'SMSC_NOT_ATTACHED'
  | 'SMSC_NO_SUCH_SMS'
  | 'VOICE_UNOBTAINABLE'
  | 'VOICE_BUSY'
  | 'VOICE_NO_CALL';

/** A refusal by the carrier: for a handset, an RP-ERROR. */
export class CarrierError extends Error {
  override readonly name = 'CarrierError';
  constructor(
    readonly code: CarrierErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What is attached under a number. */
export type Endpoint =
  | { readonly kind: 'handset'; readonly deliver: HandsetDelivery }
  | { readonly kind: 'application'; readonly receive: ApplicationReceiver };

/** A message the centre holds until it is delivered, expires or is lost. */
export interface StoredMessage {
  readonly id: number;
  /** The sender as it was given. */
  readonly from: string;
  /** The recipient's key (numberKey). */
  readonly to: string;
  readonly kind: 'deliver' | 'statusReport';
  /** What a handset receives: the SMS-DELIVER or SMS-STATUS-REPORT. */
  readonly tpdu: Uint8Array;
  /** The SMS-SUBMIT as the handset sent it, which an application receives. */
  readonly submit: Uint8Array | undefined;
  readonly faults: RouteFaults;
  readonly report: ReportRequest | undefined;
  /** TP-MR and TP-DA of the submission, for TP-RD. */
  readonly duplicateKey: string | undefined;
  attempts: number;
  reordered: boolean;
  cancel: (() => void) | undefined;
}
