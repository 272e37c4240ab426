// PIN1 / CHV1 and PUK1 life cycle: TS 102 221 §11.1.9-§11.1.13 (63Cx, 6983) and TS 51.011
// §9.2.9-§9.2.13 (9804, 9840, 9808), with retry counters that survive a reset.
import { describe, expect, it } from 'vitest';
import { fixtureSim, pinHex, send, swOf } from './sim-driver.ts';

const verify = (pin: string, cla = '00'): string => `${cla}20000108${pinHex(pin)}`;
const unblock = (puk: string, pin: string, p2 = '01'): string =>
  `002c00${p2}10${pinHex(puk)}${pinHex(pin)}`;
const IMSI = ['00a4080c047f206f07', '00b0000009'] as const;

describe('UICC PIN1 (TS 102 221 §11.1.9)', () => {
  it('counts down with 63Cx and blocks after three wrong PINs', () => {
    const sim = fixtureSim('test-sim');
    expect(swOf(sim, '0020000100')).toBe('63c3');
    expect(swOf(sim, verify('0000'))).toBe('63c2');
    expect(swOf(sim, verify('0000'))).toBe('63c1');
    expect(swOf(sim, verify('0000'))).toBe('63c0');
    expect(swOf(sim, verify('1234'))).toBe('6983');
    send(sim, IMSI[0]);
    expect(swOf(sim, IMSI[1])).toBe('6982');
  });

  it('restores the counter on the right PIN and reports 9000 once verified', () => {
    const sim = fixtureSim('test-sim');
    expect(swOf(sim, verify('9999'))).toBe('63c2');
    expect(swOf(sim, verify('1234'))).toBe('9000');
    expect(swOf(sim, '0020000100')).toBe('9000');
    sim.reset();
    expect(swOf(sim, '0020000100')).toBe('63c3');
  });

  it('unblocks with the PUK, sets the new PIN, and the old one no longer works', () => {
    const sim = fixtureSim('test-sim');
    for (let i = 0; i < 3; i++) send(sim, verify('0000'));
    expect(swOf(sim, '002c000100')).toBe('63ca');
    expect(swOf(sim, unblock('00000000', '4321'))).toBe('63c9');
    expect(swOf(sim, unblock('12345678', '4321'))).toBe('9000');
    expect(swOf(sim, '002c000100')).toBe('63ca');
    send(sim, IMSI[0]);
    expect(swOf(sim, IMSI[1])).toBe('9000');
    sim.reset();
    expect(swOf(sim, verify('1234'))).toBe('63c2');
    expect(swOf(sim, verify('4321'))).toBe('9000');
  });

  it('blocks the PUK for good after ten wrong attempts', () => {
    const sim = fixtureSim('test-sim');
    for (let i = 9; i >= 0; i--) {
      expect(swOf(sim, unblock('00000000', '4321'))).toBe(`63c${i.toString(16)}`);
    }
    expect(swOf(sim, unblock('12345678', '4321'))).toBe('6983');
    sim.reset();
    expect(swOf(sim, unblock('12345678', '4321'))).toBe('6983');
    expect(sim.snapshot().puk1.retriesLeft).toBe(0);
  });

  it('changes, disables and enables PIN1 (§11.1.10-§11.1.12)', () => {
    const sim = fixtureSim('test-sim');
    expect(swOf(sim, `0024000110${pinHex('1234')}${pinHex('5555')}`)).toBe('9000');
    expect(swOf(sim, verify('1234'))).toBe('63c2');
    expect(swOf(sim, `0026000108${pinHex('5555')}`)).toBe('9000');
    expect(swOf(sim, `0026000108${pinHex('5555')}`)).toBe('6985');
    sim.reset();
    send(sim, IMSI[0]);
    expect(swOf(sim, IMSI[1])).toBe('9000');
    expect(swOf(sim, `0028000108${pinHex('5555')}`)).toBe('9000');
    sim.reset();
    send(sim, IMSI[0]);
    expect(swOf(sim, IMSI[1])).toBe('6982');
  });

  it('refuses unknown key references, wrong lengths and malformed new PINs', () => {
    const sim = fixtureSim('test-sim');
    expect(swOf(sim, `0020008108${pinHex('1234')}`)).toBe('6a88');
    expect(swOf(sim, '002000010431323334')).toBe('6700');
    expect(swOf(sim, `0024000110${pinHex('1234')}41424344ffffffff`)).toBe('6a80');
    expect(swOf(sim, `0020010108${pinHex('1234')}`)).toBe('6a86');
  });

  it('verifies ADM1 (key reference 0A) to allow ADM updates', () => {
    const sim = fixtureSim('test-sim');
    send(sim, verify('1234'));
    send(sim, '00a4080c047f206f07');
    expect(swOf(sim, '00d6000001ff')).toBe('6982');
    expect(swOf(sim, `0020000a08${pinHex('88888888')}`)).toBe('9000');
    expect(swOf(sim, '00d6000001ff')).toBe('9000');
  });
});

describe('GSM CHV1 (TS 51.011 §9.2.9-§9.2.13)', () => {
  it('answers 9804 while attempts remain and 9840 when blocked', () => {
    const sim = fixtureSim('test-sim');
    expect(swOf(sim, verify('0000', 'a0'))).toBe('9804');
    expect(swOf(sim, verify('0000', 'a0'))).toBe('9804');
    expect(swOf(sim, verify('0000', 'a0'))).toBe('9840');
    expect(swOf(sim, verify('1234', 'a0'))).toBe('9840');
    expect(swOf(sim, `a02c000010${pinHex('12345678')}${pinHex('2468')}`)).toBe('9000');
    expect(swOf(sim, verify('2468', 'a0'))).toBe('9000');
  });

  it('shows the counters in the DF response (bytes 19 and 20)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, verify('0000', 'a0'));
    send(sim, 'a0a40000023f00');
    expect(send(sim, 'a0c0000016').slice(36, 40)).toBe('828a');
  });

  it('answers 9808 for VERIFY with CHV1 disabled and for ENABLE while enabled', () => {
    const disabled = fixtureSim('sim-2g');
    expect(swOf(disabled, verify('0000', 'a0'))).toBe('9808');
    const enabled = fixtureSim('test-sim');
    expect(swOf(enabled, `a028000108${pinHex('1234')}`)).toBe('9808');
  });

  it('has no CHV2: 9802 (§9.4.5)', () => {
    expect(swOf(fixtureSim('test-sim'), `a020000208${pinHex('1234')}`)).toBe('9802');
    expect(swOf(fixtureSim('test-sim'), `a020000308${pinHex('1234')}`)).toBe('6b00');
  });

  it('needs 8 bytes of CHV: 6700', () => {
    expect(swOf(fixtureSim('test-sim'), 'a02000010431323334')).toBe('6700');
  });
});
