// Adapters between the simulated SMS centre and its users: the emulated handset's CarrierPort
// (TS 24.011 RP-DATA answered by RP-ACK with the TP-MR, RP-ERROR as a rejected promise) and the
// SMS gateway's outbound port for replies from the server's short code.
import type { CarrierPort } from '../../firmware-sim/handset/ports.ts';
import type { SmsOutbound } from '../gateway/outbound.ts';
import type { Smsc } from './smsc.ts';

/** The CarrierPort of the handset with number `msisdn`: each SMS-SUBMIT goes to the centre. */
export function handsetCarrierPort(smsc: Smsc, msisdn: string): CarrierPort {
  return {
    submit: async (sms) => smsc.submit(msisdn, sms.tpdu),
  };
}

/** The gateway's outbound port: SMS from the application behind `shortCode` to members. */
export function applicationOutbound(smsc: Smsc, shortCode: string): SmsOutbound {
  return {
    send: async (msisdn, tpdu) => smsc.sendFromApplication(shortCode, msisdn, tpdu),
  };
}
