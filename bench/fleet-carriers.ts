// How a fleet handset reaches the simulated carrier (TS 24.011 short message relay): attached to
// the SMS centre in this process, or over the carrier's WebSocket endpoint from another process.
import type { CarrierPort } from '../firmware-sim/handset/ports.ts';
import { handsetCarrierPort } from '../server/carrier/carrier-ports.ts';
import { RemoteCarrierLink } from '../server/carrier/remote-client.ts';
import type { Smsc } from '../server/carrier/smsc.ts';
import type { HandsetDelivery } from '../server/carrier/smsc-types.ts';

/** One handset's attachment: its port for SMS-SUBMITs, and detaching when it is done. */
export interface FleetAttachment {
  readonly port: CarrierPort;
  detach(): Promise<void>;
}

/** Attaches handsets to the carrier by MSISDN; `deliver` gets each SMS for the handset. */
export interface FleetCarrier {
  attach(msisdn: string, deliver: HandsetDelivery): Promise<FleetAttachment>;
}

/** Handsets attached to the SMS centre `smsc` in this process. */
export function localCarrier(smsc: Smsc): FleetCarrier {
  return {
    attach(msisdn, deliver) {
      const detach = smsc.attach(msisdn, deliver);
      const port = handsetCarrierPort(smsc, msisdn);
      return Promise.resolve({ port, detach: () => Promise.resolve(detach()) });
    },
  };
}

/** Handsets attached over one connection to the carrier's WebSocket endpoint; `close` ends it. */
export async function remoteCarrier(
  url: string,
): Promise<FleetCarrier & { close(): Promise<void> }> {
  const link = await RemoteCarrierLink.connect(url);
  return {
    async attach(msisdn, deliver) {
      const attachment = await link.attach(msisdn, deliver);
      const detach = () => Promise.resolve(attachment.detach());
      return { port: attachment.carrierPort(), detach };
    },
    close: () => link.close(),
  };
}
