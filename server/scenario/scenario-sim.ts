// The SIM in a scenario handset's slot: the virtual SIM built from its profile, which a step can
// pull out and put back, or the card in a PC/SC reader (PC/SC part 3 through pcscd), checked
// before the run and answering in real time.
import { openReaderLink } from '../../bridge/pcsc/open-reader.ts';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { createVirtualSim, virtualSimLink } from '../../firmware-sim/virtual-sim/index.ts';
import type { ScenarioHandset } from './scenario-types.ts';

/** Thrown when a handset cannot be brought up (profile, reader, PIN, SIM state). */
export class HandsetSetupError extends Error {
  override readonly name = 'HandsetSetupError';
}

/** Which SIM a handset used, as the report shows it. */
export interface HandsetSim {
  readonly msisdn: string;
  /** `virtual`: the profile's virtual SIM; `reader`: the card in the PC/SC reader `reader`. */
  readonly kind: 'virtual' | 'reader';
  /** The profile file (for a reader SIM, where its PIN came from). */
  readonly profile: string;
  /** The reader's full name, for a reader SIM. */
  readonly reader?: string;
  readonly adaptor: boolean;
}

/** The SIM in a handset's slot. */
export interface SlotSim {
  /** The card as the handset (or its adaptor) reaches it. */
  readonly link: CardLink;
  /** The PIN the handset enters at power-on, when the card's PIN1 is enabled. */
  readonly simPin: string | undefined;
  readonly used: HandsetSim;
  /** True while the SIM is out of the slot: a virtual SIM pulled, or a reader's card lost. */
  pulled: boolean;
  /** Releases the reader; nothing for a virtual SIM. */
  close(): Promise<void>;
}

/**
 * Opens the SIM of `handset`: the virtual SIM of its profile, or the card in its reader with the
 * profile's PIN1. HandsetSetupError of one line naming the handset when pcscd is not running, the
 * reader is unknown, or it holds no card that answers.
 */
export async function openSlotSim(handset: ScenarioHandset): Promise<SlotSim> {
  const profile = await loadProfile(handset.profile);
  const simPin = profile.pin1.enabled ? profile.pin1.value : undefined;
  const used = { msisdn: handset.msisdn, profile: handset.profile, adaptor: handset.adaptor };
  if (handset.sim.kind === 'reader') {
    const { link, reader } = await readerLink(handset.msisdn, handset.sim.reader);
    return inSlot(link, simPin, { ...used, kind: 'reader', reader }, () => link.close());
  }
  const sim = virtualSimLink(createVirtualSim(profile));
  return inSlot(sim, simPin, { ...used, kind: 'virtual' }, () => Promise.resolve());
}

/** `card` in a slot: once out of it (pulled, or a reader's card lost), every exchange fails. */
function inSlot(
  card: CardLink,
  simPin: string | undefined,
  used: HandsetSim,
  close: () => Promise<void>,
): SlotSim {
  const slot: SlotSim = {
    link: {
      reset: () => (slot.pulled ? gone() : card.reset()),
      transmit: (apdu) => (slot.pulled ? gone() : card.transmit(apdu)),
    },
    simPin,
    used,
    pulled: false,
    close,
  };
  return slot;
}

/** A pulled card fails every exchange, as a reader with no card does. */
const gone = (): Promise<never> => Promise.reject(new Error('no card in the slot'));

async function readerLink(msisdn: string, wanted: string) {
  try {
    return await openReaderLink(wanted);
  } catch (error) {
    if (!(error instanceof TransportError)) throw error;
    throw new HandsetSetupError(`handset ${msisdn}: SIM in reader '${wanted}': ${error.message}`);
  }
}
