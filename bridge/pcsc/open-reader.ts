// Opening the card in a named PC/SC reader (pcsc-lite, through pcscd) for a terminal: the reader is
// chosen by its full name or a unique part of it, and pcscd, the reader and a card that answers
// (PC/SC part 3 reader states) are checked before the link is handed out.
import { TransportError } from '../../firmware-sim/transport-error.ts';
import { createPcscCardLink, type PcscCardLink } from './pcsc-card-link.ts';
import { PcscContext, type PcscReaderState } from './pcsc-context.ts';

/** How long pcscd may take to report its readers and their cards, ms. */
const LIST_WAIT_MS = 2000;

/** A reader name that is a part of several readers' names. */
export class AmbiguousReaderError extends TransportError {
  override readonly name = 'AmbiguousReaderError';
  constructor(
    readonly wanted: string,
    readonly matches: readonly string[],
  ) {
    const names = matches.map((n) => `'${n}'`).join(', ');
    super('PCSC_NO_READER', `'${wanted}' matches several readers (${names}): give the full name`);
  }
}

/**
 * The reader `wanted` names: exactly, else the only reader whose name contains it (ignoring
 * case); AmbiguousReaderError when several do.
 */
export function pickReader(
  readers: readonly PcscReaderState[],
  wanted: string,
): PcscReaderState | undefined {
  const exact = readers.find((r) => r.name === wanted);
  if (exact !== undefined) return exact;
  const partial = readers.filter((r) => r.name.toLowerCase().includes(wanted.toLowerCase()));
  if (partial.length > 1)
    throw new AmbiguousReaderError(
      wanted,
      partial.map((r) => r.name),
    );
  return partial[0];
}

/**
 * Checks that pcscd runs, that it knows the reader `wanted` names and that the reader holds a
 * card that is not mute; resolves to the reader's full name. Each failure is a TransportError of
 * one line: PCSC_NO_SERVICE / PCSC_UNAVAILABLE (pcscd), PCSC_NO_READER (the readers present are
 * listed), PCSC_NO_CARD, PCSC_CARD_MUTE.
 */
export async function checkReader(wanted: string): Promise<string> {
  const context = await PcscContext.open();
  try {
    const readers = await context.settledReaders(LIST_WAIT_MS);
    const named = pickReader(readers, wanted);
    if (named === undefined) {
      const present = readers.map((r) => `'${r.name}'`).join(', ');
      const which = present === '' ? 'pcscd knows no reader' : `readers present: ${present}`;
      throw new TransportError('PCSC_NO_READER', `no PC/SC reader named '${wanted}' (${which})`);
    }
    const reader = await context
      .waitFor(
        (all) => all.find((r) => r.name === named.name && r.present),
        LIST_WAIT_MS,
        'PCSC_NO_CARD',
        'card',
      )
      .catch(() => named);
    if (!reader.present)
      throw new TransportError('PCSC_NO_CARD', `no card in the reader '${reader.name}'`);
    if (reader.mute)
      throw new TransportError(
        'PCSC_CARD_MUTE',
        `the card in '${reader.name}' does not answer (mute)`,
      );
    return reader.name;
  } finally {
    await context.close();
  }
}

/** The card in the reader `wanted` names as a CardLink, after `checkReader`. */
export async function openReaderLink(
  wanted: string,
  timeoutMs = 5000,
): Promise<{ readonly link: PcscCardLink; readonly reader: string }> {
  const reader = await checkReader(wanted);
  return { link: createPcscCardLink({ reader, timeoutMs }), reader };
}
