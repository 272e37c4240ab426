// Test helpers: the handset against the real virtual SIM of a fixture profile, every TPDU traced.
import { SimulatedClock, waitFor } from 'xstate';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import {
  memoryCarrier,
  memoryVoice,
  scriptedUser,
  type UserScript,
} from '../../../firmware-sim/handset/ports.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { virtualSimLink } from '../../../firmware-sim/virtual-sim/virtual-sim-link.ts';
import type { VirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import type { TraceEntry } from '../../../protocol/trace/index.ts';

/** A handset in front of `sim` (or of any link), on a simulated clock. */
export function handsetOn(sim: VirtualSim | CardLink, script: UserScript = {}) {
  const link = 'handleApdu' in sim ? virtualSimLink(sim) : sim;
  const entries: TraceEntry[] = [];
  const trace = { record: (entry: TraceEntry) => void entries.push(entry) };
  const carrier = memoryCarrier();
  const user = scriptedUser(script);
  const clock = new SimulatedClock();
  const ports = { channel: new CardChannel(link, trace), carrier, voice: memoryVoice(), user };
  const client = new HandsetClient({ ports, statusInterval: 1000 }, clock);
  const screen: string[] = [];
  client.on('screen.text', (e) => screen.push(e.text));
  return { entries, carrier, user, clock, client, screen };
}

export type RealHandset = ReturnType<typeof handsetOn>;

/** Every command TPDU sent so far, as hex (PIN data included: the trace is not masked). */
export const commands = (h: RealHandset): string[] =>
  h.entries.flatMap((e) => (e.kind === 'apdu' ? [toHex(e.command)] : []));

/** The status words answered so far, as 4 hex digits. */
export const statusWords = (h: RealHandset): string[] =>
  h.entries.flatMap((e) => (e.kind === 'apdu' ? [toHex(e.response.subarray(-2))] : []));

/** Resolves once the handset idles with no proactive command pending. */
export const idle = (h: RealHandset) =>
  waitFor(h.client.actor, (s) => s.matches({ ready: 'idle' }) && s.context.pending === undefined);
