// The gateway's outbound SMS port: TPDUs toward a number, handed to the carrier (the simulated
// SMSC, or Kannel). An in-memory implementation keeps what was sent, for the demo and tests; plain
// replies are TS 23.040 §9.2.2.1 SMS-DELIVERs built with textDelivers (concatenated when long).
import { encodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import { textDelivers } from '../../protocol/sms/text-messages.ts';
import type { SmsTimestamp } from '../../protocol/sms/timestamp.ts';

/** Sends one SMS TPDU (an SMS-DELIVER as the recipient will receive it) to `msisdn`. */
export interface SmsOutbound {
  send(msisdn: string, tpdu: Uint8Array): Promise<void>;
}

/** One SMS handed to the outbound port. */
export interface SentSms {
  readonly msisdn: string;
  readonly tpdu: Uint8Array;
}

/** An SmsOutbound that keeps every SMS in `sent`, in order. */
export class MemoryOutbound implements SmsOutbound {
  readonly sent: SentSms[] = [];

  send(msisdn: string, tpdu: Uint8Array): Promise<void> {
    this.sent.push({ msisdn, tpdu: tpdu.slice() });
    return Promise.resolve();
  }

  /** SMS sent to `msisdn`, oldest first. */
  to(msisdn: string): SentSms[] {
    return this.sent.filter((s) => s.msisdn === msisdn);
  }
}

/** SMS time stamp (UTC) of a clock reading in milliseconds. */
export function smsTimestamp(ms: number): SmsTimestamp {
  const d = new Date(ms);
  return {
    year: 2000 + (d.getUTCFullYear() % 100),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    tzQuarterHours: 0,
  };
}

/** Plain text SMS-DELIVER TPDUs from `serverNumber` (GSM 7 bit, or UCS2 when needed). */
export function plainDelivers(
  serverNumber: string,
  text: string,
  timestamp: SmsTimestamp,
  reference: number,
): Uint8Array[] {
  return textDelivers(serverNumber, text, timestamp, { reference: reference & 0xff }).map(
    encodeSmsDeliver,
  );
}
