// The handset actor against a fake SIM, fake network, voice and user, on a simulated clock.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import {
  memoryCarrier,
  memoryVoice,
  scriptedUser,
  type UserScript,
} from '../../../firmware-sim/handset/ports.ts';
import { MemoryTraceSink } from '../../../protocol/trace/index.ts';
import { FakeSim, type FakeSimOptions } from './fake-sim.ts';

function handset(options: FakeSimOptions = {}, script: UserScript = {}) {
  const sim = new FakeSim(options);
  const trace = new MemoryTraceSink(() => 0);
  const carrier = memoryCarrier();
  const voice = memoryVoice();
  const user = scriptedUser(script);
  const clock = new SimulatedClock();
  const ports = { channel: new CardChannel(sim, trace), carrier, voice, user };
  const client = new HandsetClient({ ports, statusInterval: 1000 }, clock);
  return { sim, trace, carrier, voice, user, clock, client };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('handset start-up', () => {
  it('reads the identity and subscriber files and downloads its profile', async () => {
    const h = handset();
    expect(await h.client.start().settled()).toBe('READY');
    await flush();
    expect(h.client.context.identity?.iccid).toBe('89000101000000000081');
    expect(h.client.context.subscriber?.imsi).toBe('001010123456789');
    expect(h.client.context.subscriber?.serviceCentre).toBe('+01030000000');
    expect(h.sim.profile).toBeDefined();
    expect(h.trace.events[0]?.kind).toBe('atr');
  });
});
