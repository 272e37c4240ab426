// A virtual SIM for the vpcd card side (and, as a CardLink, in-process) that records every command
// APDU with its response as the card saw them, and can be told to leave a command unanswered.
import type { VirtualCard } from '../../bridge/vpcd/vicc-session.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import type { VirtualSim } from '../../firmware-sim/virtual-sim/index.ts';
import { toHex } from '../../protocol/bytes/index.ts';
import {
  encodeCommandApdu,
  encodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../protocol/iso7816/apdu.ts';

/** A recording card. */
export interface RecordingCard extends VirtualCard {
  /** `command -> response` in hex, one entry per APDU, in order. */
  readonly log: string[];
  /** Commands with this INS get no answer while set (a card gone quiet mid-command). */
  hangIns: number | undefined;
  /** Resolves when a command with INS `ins` is left unanswered. */
  hanging(ins: number): Promise<void>;
  /** The same card as an in-process CardLink. */
  readonly link: CardLink;
}

/** Wraps `sim` so that what it receives and answers is recorded. */
export function recordingCard(sim: VirtualSim): RecordingCard {
  const log: string[] = [];
  const hangWaiters: { ins: number; resolve: () => void }[] = [];
  const card: RecordingCard = {
    log,
    hangIns: undefined,
    hanging: (ins) => new Promise((resolve) => hangWaiters.push({ ins, resolve })),
    reset: () => sim.reset(),
    handleApdu(apdu: CommandApdu): ResponseApdu | Promise<ResponseApdu> {
      if (apdu.ins === card.hangIns) {
        const ready = hangWaiters.filter((w) => w.ins === apdu.ins);
        hangWaiters.splice(0, hangWaiters.length, ...hangWaiters.filter((w) => w.ins !== apdu.ins));
        for (const w of ready) w.resolve();
        return new Promise<ResponseApdu>(() => undefined);
      }
      const response = sim.handleApdu(apdu);
      log.push(`${toHex(encodeCommandApdu(apdu))} -> ${toHex(encodeResponseApdu(response))}`);
      return response;
    },
    link: {
      reset: () => Promise.resolve(sim.reset()),
      transmit: (apdu) => Promise.resolve(card.handleApdu(apdu)),
    },
  };
  return card;
}
