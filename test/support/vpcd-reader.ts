// The first vsmartcard vpcd reader of a throw-away pcscd, for tests through the real PC/SC stack
// (PcscCardLink <-> pcscd <-> vpcd <-> a recording virtual SIM of the test profile on the card side).
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import { startVpcdClient, type VpcdClient } from '../../bridge/vpcd/vpcd-client.ts';
import { createVirtualSim } from '../../firmware-sim/virtual-sim/index.ts';
import type { Profile } from '../../firmware-sim/virtual-sim/profile.ts';
import { startPcscd, waitForCard, type Pcscd } from './pcscd.ts';
import { recordingCard, type RecordingCard } from './vpcd-card.ts';

/** The name pcscd gives the first vpcd reader. */
export const VPCD_READER = 'Virtual PCD 00 00';

const TEST_PROFILE = new URL('../../fixtures/sim-profiles/test-sim.json', import.meta.url).pathname;
/** Longest wait for the card side to connect to vpcd, in ms. */
const CONNECT_MS = 8000;

/** The reader and the card in it; usable in the tests of the describe block that made it. */
export interface VpcdReader {
  /** The pcscd serving the reader, to kill and restart. */
  readonly pcscd: Pcscd;
  /** A new virtual SIM of the test profile that records what it is sent. */
  freshCard(): RecordingCard;
  /** Puts `card` in the reader and waits until pcscd sees it. */
  insert(card: RecordingCard): Promise<void>;
  /** Takes the card out, if any, and waits until pcscd sees the reader empty. */
  pull(): Promise<void>;
  /** Replaces the card by `card` faster than pcscd polls (without waiting for pcscd to see it). */
  swap(card: RecordingCard): Promise<void>;
  /** Waits until the card side is connected to vpcd again (after pcscd restarted). */
  reconnected(): Promise<void>;
}

/**
 * Starts pcscd and loads the test profile before the block's tests, takes the card out after each
 * test and stops pcscd after the last; call it inside the `describe` block.
 */
export function vpcdReader(): VpcdReader {
  let pcscd: Pcscd | undefined;
  let profile: Profile | undefined;
  let client: VpcdClient | undefined;

  const connect = async (card: RecordingCard): Promise<void> => {
    client = startVpcdClient({ card, initialRetryMs: 50, maxRetryMs: 300 });
    await client.waitConnected(CONNECT_MS);
  };
  const pull = async (): Promise<void> => {
    if (client === undefined) return;
    await client.stop();
    client = undefined;
    await waitForCard(VPCD_READER, false);
  };

  beforeAll(async () => {
    profile = await loadProfile(TEST_PROFILE);
    pcscd = await startPcscd();
  }, 250_000);
  afterAll(async () => {
    await pull();
    await pcscd?.stop();
  });
  afterEach(pull);

  return {
    get pcscd(): Pcscd {
      if (pcscd === undefined) throw new Error('pcscd is not started');
      return pcscd;
    },
    freshCard() {
      if (profile === undefined) throw new Error('the test profile is not loaded');
      return recordingCard(createVirtualSim(profile));
    },
    async insert(card) {
      await connect(card);
      await waitForCard(VPCD_READER, true);
    },
    pull,
    async swap(card) {
      await client?.stop();
      await connect(card);
    },
    async reconnected() {
      await client?.waitConnected(CONNECT_MS);
    },
  };
}
