// The handset's network ports when no carrier is connected: every SMS-SUBMIT (TS 23.040 §9.2.2.2)
// and every call action is written as one JSON line, the TPDU in hex and decoded by field.
import { toHex } from '../../protocol/bytes/index.ts';
import { decodeTpdu, tpduToJson } from '../../protocol/sms/index.ts';
import type { CarrierPort, VoicePort } from '../../firmware-sim/handset/ports.ts';

/** A carrier that prints each submitted SMS and acknowledges the TP-MR the handset chose. */
export function jsonLineCarrier(writeLine: (line: string) => void): CarrierPort {
  return {
    async submit(sms) {
      let decoded: Record<string, unknown>;
      try {
        decoded = tpduToJson(decodeTpdu(sms.tpdu, 'mo'));
      } catch (error) {
        decoded = { error: error instanceof Error ? error.message : String(error) };
      }
      const line = {
        event: 'sms.submit',
        serviceCentre: sms.serviceCentre,
        tpdu: toHex(sms.tpdu),
        decoded,
      };
      writeLine(JSON.stringify(line));
      return sms.tpdu[1] ?? 0;
    },
  };
}

/** A voice side that prints each call action. */
export function jsonLineVoice(writeLine: (line: string) => void): VoicePort {
  const print = (action: string, value?: string): Promise<void> => {
    writeLine(
      JSON.stringify(
        value === undefined ? { event: `call.${action}` } : { event: `call.${action}`, value },
      ),
    );
    return Promise.resolve();
  };
  return {
    dial: (number) => print('dial', number),
    sendDtmf: (digits) => print('dtmf', digits),
    hangUp: () => print('hangUp'),
  };
}
