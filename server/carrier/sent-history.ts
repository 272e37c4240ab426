// The SMS-SUBMITs a sender handed to the centre, kept so that a test or a scenario can replay one
// byte for byte (a replay attack, or a network that delivers an old message again).
import { numberKey } from './sms-faults.ts';
import { CarrierError } from './smsc-types.ts';

/** The first `limit` SMS-SUBMITs of each sender. */
export class SentHistory {
  private readonly sent = new Map<string, Uint8Array[]>();

  constructor(private readonly limit: number) {}

  /** Keeps `tpdu` from `sender` while there is room. */
  remember(sender: string, tpdu: Uint8Array): void {
    const list = this.sent.get(numberKey(sender)) ?? [];
    if (list.length < this.limit) list.push(tpdu.slice());
    this.sent.set(numberKey(sender), list);
  }

  /** The `index`th (1-based) or last SMS-SUBMIT kept; CarrierError SMSC_NO_SUCH_SMS otherwise. */
  find(sender: string, index: number | 'last'): Uint8Array {
    const list = this.sent.get(numberKey(sender)) ?? [];
    const tpdu = index === 'last' ? list.at(-1) : list[index - 1];
    if (!tpdu)
      throw new CarrierError('SMSC_NO_SUCH_SMS', `${sender} has no SMS number ${index} to replay`);
    return tpdu;
  }
}
