// `simpay handset --reader NAME`: the card in a PC/SC reader (pcsc-lite, through pcscd) as the
// handset's SIM, checked before the handset starts (pcscd running, reader known, card present),
// and its removal and re-insertion carried to the adaptor and the handset (TS 51.011 §11.2: a
// terminal powers a re-inserted card on again from the start).
import { watchCardPresence, type CardPresenceWatch } from '../bridge/pcsc/card-presence.ts';
import * as readers from '../bridge/pcsc/open-reader.ts';
import type { PcscCardLink } from '../bridge/pcsc/pcsc-card-link.ts';
import type { PcscReaderState } from '../bridge/pcsc/pcsc-context.ts';
import type { Adaptor } from '../firmware-sim/adaptor/index.ts';
import type { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import { TransportError } from '../firmware-sim/transport-error.ts';
import { CliError } from './command.ts';

/** Runs a reader check; its TransportError becomes a CliError of the same line. */
async function asCliError<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof readers.AmbiguousReaderError)
      throw new CliError(`--reader ${error.message}`);
    if (error instanceof TransportError) throw new CliError(error.message);
    throw error;
  }
}

/** The reader `wanted` names: exactly, else the only reader whose name contains it. */
export function pickReader(
  present: readonly PcscReaderState[],
  wanted: string,
): PcscReaderState | undefined {
  try {
    return readers.pickReader(present, wanted);
  } catch (error) {
    if (error instanceof readers.AmbiguousReaderError)
      throw new CliError(`--reader ${error.message}`);
    throw error;
  }
}

/** Checks reader and card in one line each; resolves to the reader's full name. */
export function checkReader(wanted: string): Promise<string> {
  return asCliError(() => readers.checkReader(wanted));
}

/** The card in `reader` as a CardLink, after checking that it is there. */
export function openReaderLink(
  wanted: string,
  timeoutMs = 5000,
): Promise<{ readonly link: PcscCardLink; readonly reader: string }> {
  return asCliError(() => readers.openReaderLink(wanted, timeoutMs));
}

/** Default adaptor state of a reader: its name as a file name in the current directory. */
export function readerStatePath(reader: string): string {
  const stem = reader
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${stem === '' ? 'reader' : stem}.adaptor.json`;
}

/** What follows the card in the reader. */
export interface CardFollower extends CardPresenceWatch {
  /** Times the handset was powered on again after a card fault. */
  readonly restarts: number;
}

/** How long after a card fault the handset tries the card again: pcscd polls vpcd every 400 ms. */
export const CARD_RETRY_MS = 1000;

/**
 * Follows the card in `reader`: a removal puts the adaptor in its removed state at once (so the
 * handset's next command fails even if the card is back by then). A handset in its fault state
 * with a card in the reader is powered on again once per insertion (at once), and once after each
 * time it was up (`retryMs` after the fault: a card swapped faster than pcscd polls shows no
 * removal), so a dead card is not retried in a loop.
 */
export function followCard(
  reader: string,
  handset: HandsetClient,
  adaptor: Adaptor | undefined,
  log: (line: string) => void,
  retryMs = CARD_RETRY_MS,
): CardFollower {
  let allowed = true;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let restarts = 0;
  const powerOn = (): void => {
    if (!allowed || !watch.present || !handset.actor.getSnapshot().matches('fault')) return;
    allowed = false;
    restarts++;
    handset.actor.send({ type: 'card.inserted' });
  };
  const watch = watchCardPresence({
    reader,
    initiallyPresent: true,
    onChange(present) {
      log(present ? `card inserted in '${reader}'` : `card removed from '${reader}'`);
      if (!present) return adaptor?.cardRemoved();
      allowed = true;
      powerOn();
    },
  });
  const up = handset.actor.subscribe((snapshot) => {
    if (snapshot.matches('ready')) allowed = true;
  });
  const off = handset.on('card.fault', () => {
    clearTimeout(retry);
    retry = setTimeout(powerOn, retryMs);
  });
  return {
    get present() {
      return watch.present;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      off();
      clearTimeout(retry);
      up.unsubscribe();
      await watch.stop();
    },
  };
}
