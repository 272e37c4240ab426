// Card state that persists (TS 102 221 §9.5 retry counters, EF contents) survives snapshot() and
// a new card created from it; volatile state (current file, verified PIN) does not survive reset.
import { describe, expect, it } from 'vitest';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { fixtureSim, pinHex, send, swOf } from './sim-driver.ts';

const SMS = `03${'5a'.repeat(175)}`;

describe('snapshot and restore', () => {
  it('keeps counters, EF contents and the terminal profile across a round trip', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, '00a4080c047f106f3c');
    expect(send(sim, `00dc0204b0${SMS}`)).toBe('9000');
    send(sim, `0020000108${pinHex('0000')}`);
    send(sim, '801000000201ff');
    const restored = createVirtualSim(JSON.parse(JSON.stringify(sim.snapshot())));
    restored.reset();
    expect(swOf(restored, '0020000100')).toBe('63c2');
    expect(send(restored, `0020000108${pinHex('1234')}`)).toBe('9000');
    send(restored, '00a4080c047f106f3c');
    expect(send(restored, '00b20204b0')).toBe(`${SMS} 9000`);
    expect(restored.snapshot().terminalProfile).toBe('01ff');
    expect(restored.snapshot()).toEqual(createVirtualSim(restored.snapshot()).snapshot());
  });

  it('keeps a changed PIN, a disabled PIN and a blocked PUK', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0024000110${pinHex('1234')}${pinHex('8642')}`);
    send(sim, `0026000108${pinHex('8642')}`);
    for (let i = 0; i < 10; i++) send(sim, `002c000110${pinHex('99999999')}${pinHex('1111')}`);
    const restored = createVirtualSim(sim.snapshot());
    expect(restored.snapshot().pin1).toEqual({ value: '8642', retriesLeft: 3, enabled: false });
    expect(restored.snapshot().puk1.retriesLeft).toBe(0);
    expect(swOf(restored, `002c000110${pinHex('12345678')}${pinHex('1111')}`)).toBe('6983');
  });

  it('keeps an invalidated EF invalidated, in both command sets', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, `0020000a08${pinHex('88888888')}`);
    send(sim, 'a0a40000027f20');
    send(sim, 'a0a40000026f7e');
    expect(send(sim, 'a004000000')).toBe('9000');
    expect(sim.snapshot().invalidatedFiles).toEqual(['3F00/7F20/6F7E']);
    const restored = createVirtualSim(JSON.parse(JSON.stringify(sim.snapshot())));
    send(restored, `0020000108${pinHex('1234')}`);
    send(restored, '00a4040c07a0000000871002');
    expect(send(restored, '00b08b0001')).toBe('6283');
    send(restored, '00a40004026f7e');
    expect(send(restored, '00c0000019')).toContain('8a0104');
  });

  it('clears the volatile state on reset but not the EF contents', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, '00a4080c047f106f43');
    expect(send(sim, '00d600000107')).toBe('9000');
    sim.reset();
    expect(send(sim, '00b0000001')).toBe('6986');
    send(sim, '00a4080c047f106f43');
    expect(send(sim, '00b0000001')).toBe('6982');
    send(sim, `0020000108${pinHex('1234')}`);
    expect(send(sim, '00b0000002')).toBe('07ff 9000');
  });

  it('shares EF_SMS between DF_TELECOM and the USIM ADF (TS 31.102 §4.2.25)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, '00a4040c07a0000000871002');
    send(sim, '00a4000c026f3c');
    expect(send(sim, `00dc0104b0${SMS}`)).toBe('9000');
    send(sim, 'a0a40000027f10');
    send(sim, 'a0a40000026f3c');
    expect(send(sim, 'a0b20104b0')).toBe(`${SMS} 9000`);
    expect(sim.snapshot().files?.filter((f) => f.path.endsWith('6F3C'))).toHaveLength(1);
  });
});
