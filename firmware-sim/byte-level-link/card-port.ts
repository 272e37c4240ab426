// A BytePort wired straight to a card's side of the ISO/IEC 7816-3 line in the same process: what
// the card sends is read back at once, and nothing left to read is silence.
import type { ByteLevelCard } from '../virtual-sim/byte-level-card.ts';
import type { BytePort } from './byte-port.ts';

/** The port in front of `card`, and the rates the reader switched the line to. */
export function cardBytePort(card: ByteLevelCard): BytePort & { readonly rates: number[] } {
  let queue = new Uint8Array(0);
  const rates: number[] = [];
  const append = (bytes: Uint8Array): void => {
    const joined = new Uint8Array(queue.length + bytes.length);
    joined.set(queue);
    joined.set(bytes, queue.length);
    queue = joined;
  };
  return {
    rates,
    async reset() {
      queue = card.reset().slice();
    },
    async write(bytes) {
      append(card.receive(bytes));
    },
    async read() {
      const out = queue;
      queue = new Uint8Array(0);
      return out;
    },
    async setRate(rateByte) {
      rates.push(rateByte);
    },
  };
}
