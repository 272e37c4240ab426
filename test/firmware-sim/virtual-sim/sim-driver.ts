// Test helpers: load the fixture profiles and exchange hex APDUs with a virtual SIM.
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeCommandApdu } from '../../../protocol/iso7816/apdu.ts';
import type { Profile } from '../../../firmware-sim/virtual-sim/profile.ts';
import {
  createVirtualSim,
  type VirtualSim,
} from '../../../firmware-sim/virtual-sim/virtual-sim.ts';

/** A fixture profile from fixtures/sim-profiles/, parsed (not validated). */
export function fixtureProfile(name: 'test-sim' | 'sim-2g'): Profile {
  const url = new URL(`../../../fixtures/sim-profiles/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Profile;
}

/** A freshly reset card from a fixture, with optional profile changes. */
export function fixtureSim(
  name: 'test-sim' | 'sim-2g',
  changes: Partial<Profile> = {},
): VirtualSim {
  const sim = createVirtualSim({ ...fixtureProfile(name), ...changes });
  sim.reset();
  return sim;
}

/** Sends a hex command APDU; returns `data sw` as lower-case hex (`9000` alone without data). */
export function send(sim: VirtualSim, hex: string): string {
  const response = sim.handleApdu(decodeCommandApdu(fromHex(hex)));
  const sw = response.sw.toString(16).padStart(4, '0');
  return response.data.length === 0 ? sw : `${toHex(response.data)} ${sw}`;
}

/** The status word of a command, as 4 hex digits. */
export const swOf = (sim: VirtualSim, hex: string): string => send(sim, hex).slice(-4);

/** ASCII digits padded with FF to 8 bytes, as hex (a PIN block). */
export function pinHex(pin: string): string {
  return toHex(
    Uint8Array.from({ length: 8 }, (_, i) => (i < pin.length ? pin.charCodeAt(i) : 0xff)),
  );
}
