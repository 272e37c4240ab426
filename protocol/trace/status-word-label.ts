// Short labels of status words for trace listings, taken from the one status-word table
// (protocol/iso7816/status-words.ts: ISO/IEC 7816-4 §5.6, TS 102 221 §10.2.1, TS 51.011 §9.4).
import { describeStatusWord } from '../iso7816/status-words.ts';

/** A label for the status word ('OK' for 9000), or undefined when the table does not know it. */
export function statusWordLabel(sw: number): string | undefined {
  const description = describeStatusWord(sw);
  if (description.name === 'UNKNOWN') return undefined;
  return description.kind === 'ok' ? 'OK' : description.meaning;
}
