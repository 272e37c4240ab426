// Test helper: a BytePort in front of the byte-level virtual SIM that hands the card's bytes back
// in chunks of seeded random sizes, and reports silence once the card has nothing more to say.
import type { BytePort } from '../../../firmware-sim/byte-level-link/byte-port.ts';
import type { ByteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';

/** Mulberry32: a small seeded generator of numbers in [0, 1). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The port, the rates it was switched to, how many resets it saw and the bytes written. */
export function splitPort(card: ByteLevelCard, seed: number) {
  const random = seeded(seed);
  let queue: number[] = [];
  const rates: number[] = [];
  const written: number[] = [];
  let resets = 0;
  const port: BytePort = {
    async reset() {
      resets++;
      queue = [...card.reset()];
    },
    async write(bytes) {
      written.push(...bytes);
      queue.push(...card.receive(bytes));
    },
    async read() {
      const size = 1 + Math.floor(random() * queue.length);
      return Uint8Array.from(queue.splice(0, size));
    },
    async setRate(rateByte) {
      rates.push(rateByte);
    },
  };
  return { port, rates, written, resets: () => resets };
}
