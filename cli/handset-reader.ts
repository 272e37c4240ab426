// `simpay handset --reader NAME`: the card in a PC/SC reader (pcsc-lite, through pcscd) as the
// handset's SIM, checked before the handset starts (pcscd running, reader known, card present),
// and its removal and re-insertion carried to the adaptor and the handset (TS 51.011 §11.2: a
// terminal powers a re-inserted card on again from the start).
import { watchCardPresence, type CardPresenceWatch } from '../bridge/pcsc/card-presence.ts';
import { createPcscCardLink, type PcscCardLink } from '../bridge/pcsc/pcsc-card-link.ts';
import { PcscContext, type PcscReaderState } from '../bridge/pcsc/pcsc-context.ts';
import type { Adaptor } from '../firmware-sim/adaptor/index.ts';
import type { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import { TransportError } from '../firmware-sim/transport-error.ts';
import { CliError } from './command.ts';

/** How long pcscd may take to report its readers and their cards, ms. */
const LIST_WAIT_MS = 2000;

/** The reader `wanted` names: exactly, else the only reader whose name contains it. */
export function pickReader(
  readers: readonly PcscReaderState[],
  wanted: string,
): PcscReaderState | undefined {
  const exact = readers.find((r) => r.name === wanted);
  if (exact !== undefined) return exact;
  const partial = readers.filter((r) => r.name.toLowerCase().includes(wanted.toLowerCase()));
  if (partial.length > 1) {
    const names = partial.map((r) => `'${r.name}'`).join(', ');
    throw new CliError(
      `--reader '${wanted}' matches several readers (${names}): give the full name`,
    );
  }
  return partial[0];
}

/** Checks reader and card in one line each; resolves to the reader's full name. */
export async function checkReader(wanted: string): Promise<string> {
  let context: PcscContext;
  try {
    context = await PcscContext.open();
  } catch (error) {
    if (error instanceof TransportError) throw new CliError(error.message);
    throw error;
  }
  try {
    const readers = await context.settledReaders(LIST_WAIT_MS);
    const named = pickReader(readers, wanted);
    if (named === undefined) {
      const present = readers.map((r) => `'${r.name}'`).join(', ');
      const which = present === '' ? 'pcscd knows no reader' : `readers present: ${present}`;
      throw new CliError(`no PC/SC reader named '${wanted}' (${which})`);
    }
    const reader = await context
      .waitFor(
        (all) => all.find((r) => r.name === named.name && r.present),
        LIST_WAIT_MS,
        'PCSC_NO_CARD',
        'card',
      )
      .catch(() => named);
    if (!reader.present) throw new CliError(`no card in the reader '${reader.name}'`);
    if (reader.mute) throw new CliError(`the card in '${reader.name}' does not answer (mute)`);
    return reader.name;
  } catch (error) {
    if (error instanceof TransportError) throw new CliError(error.message);
    throw error;
  } finally {
    await context.close();
  }
}

/** The card in `reader` as a CardLink, after checking that it is there. */
export async function openReaderLink(
  wanted: string,
  timeoutMs = 5000,
): Promise<{ readonly link: PcscCardLink; readonly reader: string }> {
  const reader = await checkReader(wanted);
  return { link: createPcscCardLink({ reader, timeoutMs }), reader };
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
  /** Times the handset was powered on again after a re-insertion. */
  readonly restarts: number;
}

/**
 * Follows the card in `reader`: a removal puts the adaptor in its removed state at once (so the
 * handset's next command fails even if the card is back by then); each insertion powers a
 * handset in its fault state on again, once, now or when it next reports the fault.
 */
export function followCard(
  reader: string,
  handset: HandsetClient,
  adaptor: Adaptor | undefined,
  log: (line: string) => void,
): CardFollower {
  let pending = false;
  let restarts = 0;
  const powerOn = (): void => {
    if (!pending || !watch.present || !handset.actor.getSnapshot().matches('fault')) return;
    pending = false;
    restarts++;
    handset.actor.send({ type: 'card.inserted' });
  };
  const watch = watchCardPresence({
    reader,
    initiallyPresent: true,
    onChange(present) {
      log(present ? `card inserted in '${reader}'` : `card removed from '${reader}'`);
      if (!present) return adaptor?.cardRemoved();
      pending = true;
      powerOn();
    },
  });
  const off = handset.on('card.fault', () => queueMicrotask(powerOn));
  return {
    get present() {
      return watch.present;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      off();
      await watch.stop();
    },
  };
}
