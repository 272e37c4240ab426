// Building text short messages: SMS-SUBMIT (TS 23.040 §9.2.2.2) and SMS-DELIVER (§9.2.2.1)
// TPDUs for a text, concatenated (§9.2.3.24.1) when it does not fit one, and reading text back.
import { phoneAddress, type SmsAddress } from './address.ts';
import { splitText, type SplitOptions } from './concatenation.ts';
import type { SmsDeliver } from './sms-deliver.ts';
import type { SmsSubmit } from './sms-submit.ts';
import type { SmsTimestamp } from './timestamp.ts';
import { userDataText } from './user-data.ts';
import type { ValidityPeriod } from './validity-period.ts';

/** Choices shared by both builders; see SplitOptions for the concatenation ones. */
export interface TextMessageOptions extends Partial<SplitOptions> {
  /** TP-PID (default 00, plain SME-to-SME). */
  readonly pid?: number;
}

/** Choices for textSubmits. */
export interface SubmitOptions extends TextMessageOptions {
  /** TP-MR of the first part; later parts count up modulo 256 (default 0). */
  readonly messageReference?: number;
  readonly validityPeriod?: ValidityPeriod;
  readonly statusReportRequest?: boolean;
}

/** Choices for textDelivers. */
export interface DeliverOptions extends TextMessageOptions {
  readonly statusReportIndication?: boolean;
}

/**
 * The SMS-SUBMIT TPDUs that send `text` to `destination` (an address, or a number such as
 * `+46708251358`): one, or one per part with a concatenation element.
 */
export function textSubmits(
  destination: SmsAddress | string,
  text: string,
  options: SubmitOptions = {},
): SmsSubmit[] {
  const { dcs, parts } = splitText(text, splitOptions(options));
  const first = options.messageReference ?? 0;
  return parts.map((userData, i) => ({
    type: 'submit',
    rejectDuplicates: false,
    replyPath: false,
    statusReportRequest: options.statusReportRequest ?? false,
    messageReference: (first + i) % 256,
    destination: typeof destination === 'string' ? phoneAddress(destination) : destination,
    pid: options.pid ?? 0,
    dcs,
    validityPeriod: options.validityPeriod ?? { format: 'none' },
    userData,
  }));
}

/** The SMS-DELIVER TPDUs that bring `text` from `originator`, stamped `timestamp`. */
export function textDelivers(
  originator: SmsAddress | string,
  text: string,
  timestamp: SmsTimestamp,
  options: DeliverOptions = {},
): SmsDeliver[] {
  const { dcs, parts } = splitText(text, splitOptions(options));
  return parts.map((userData, i) => ({
    type: 'deliver',
    replyPath: false,
    statusReportIndication: options.statusReportIndication ?? false,
    loopPrevention: false,
    moreMessagesToSend: i < parts.length - 1,
    originator: typeof originator === 'string' ? phoneAddress(originator) : originator,
    pid: options.pid ?? 0,
    dcs,
    timestamp,
    userData,
  }));
}

/** The text of one SMS-DELIVER or SMS-SUBMIT, or undefined for 8-bit data. */
export function messageText(tpdu: SmsDeliver | SmsSubmit): string | undefined {
  return userDataText(tpdu.userData, tpdu.dcs);
}

function splitOptions(options: TextMessageOptions): SplitOptions {
  return {
    reference: options.reference ?? 0,
    ...(options.referenceBits === undefined ? {} : { referenceBits: options.referenceBits }),
    ...(options.alphabet === undefined ? {} : { alphabet: options.alphabet }),
    ...(options.header === undefined ? {} : { header: options.header }),
  };
}
