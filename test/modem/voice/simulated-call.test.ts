import { describe, expect, it } from 'vitest';
import { SimulatedCall } from '../../../modem/voice/simulated-call.ts';

describe('simulated call', () => {
  it('moves queued audio one 20 ms frame at a time, through the channel of each direction', async () => {
    const call = new SimulatedCall({
      sampleRate: 8000,
      calleeToCaller: (s) => s.map((x) => x * 2),
    });
    call.caller.send(new Float32Array(200).fill(1));
    call.callee.send(new Float32Array(10).fill(0.25));
    const [atCallee, atCaller] = await Promise.all([call.callee.receive(), call.caller.receive()]);
    expect(atCallee?.length).toBe(160);
    expect(atCallee?.every((x) => x === 1)).toBe(true);
    expect(atCaller?.slice(0, 11)).toEqual(Float32Array.of(...new Array(10).fill(0.5), 0));
    expect(call.caller.nowMs()).toBe(20);
    const [rest] = await Promise.all([call.callee.receive(), call.caller.receive()]);
    expect(rest?.slice(0, 41).filter((x) => x === 1).length).toBe(40);
    expect(call.callee.nowMs()).toBe(40);
  });

  it('advances time only when both ends listen', async () => {
    const call = new SimulatedCall({ sampleRate: 8000 });
    const pending = call.caller.receive();
    expect(call.elapsedFrames).toBe(0);
    await call.callee.receive();
    await pending;
    expect(call.elapsedFrames).toBe(1);
  });

  it('ends for both sides on hang-up and at the frame limit', async () => {
    const call = new SimulatedCall({ sampleRate: 8000, maxFrames: 2 });
    const waiting = call.callee.receive();
    call.caller.hangUp();
    expect(await waiting).toBeUndefined();
    expect(await call.caller.receive()).toBeUndefined();
    expect(call.hasEnded).toBe(true);
    const limited = new SimulatedCall({ sampleRate: 8000, maxFrames: 1 });
    await Promise.all([limited.caller.receive(), limited.callee.receive()]);
    const [a, b] = await Promise.all([limited.caller.receive(), limited.callee.receive()]);
    expect([a, b]).toEqual([undefined, undefined]);
  });
});
