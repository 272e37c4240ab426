// Record pointer rules of TS 51.011 §9.2.5-§9.2.6 / TS 102 221 §11.1.5-§11.1.6: next and previous
// from an undefined pointer, stops at the ends of linear fixed EFs, wrap-around and "previous"
// updates of cyclic EFs, and absolute mode leaving the pointer alone.
import { describe, expect, it } from 'vitest';
import { fixtureSim, pinHex, send } from './sim-driver.ts';
import type { VirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';

/** EF_ADN with records 1..10 whose first byte is the record number. */
function numberedAdn(): VirtualSim {
  const sim = fixtureSim('test-sim');
  send(sim, `0020000108${pinHex('1234')}`);
  send(sim, '00a4080c047f106f3a');
  for (let n = 1; n <= 10; n++) {
    const record = n.toString(16).padStart(2, '0') + 'ff'.repeat(27);
    expect(send(sim, `00dc${n.toString(16).padStart(2, '0')}041c${record}`)).toBe('9000');
  }
  return sim;
}

const first = (sim: VirtualSim, command: string): string => {
  const out = send(sim, command);
  return out.endsWith('9000') ? out.slice(0, 2) : out;
};

describe('record pointer', () => {
  it('walks forward from record 1 and stops after the last of a linear fixed EF', () => {
    const sim = numberedAdn();
    const seen = Array.from({ length: 10 }, () => first(sim, '00b200021c'));
    expect(seen).toEqual(['01', '02', '03', '04', '05', '06', '07', '08', '09', '0a']);
    expect(first(sim, '00b200021c')).toBe('6a83');
    expect(first(sim, '00b200041c')).toBe('0a');
  });

  it('starts "previous" at the last record, and absolute mode keeps the pointer', () => {
    const sim = numberedAdn();
    send(sim, '00a4080c047f106f3a');
    expect(first(sim, '00b200031c')).toBe('0a');
    expect(first(sim, '00b203041c')).toBe('03');
    expect(first(sim, '00b200031c')).toBe('09');
    expect(first(sim, '00b200041c')).toBe('09');
  });

  it('forgets the pointer on SELECT', () => {
    const sim = numberedAdn();
    send(sim, '00a4080c047f106f3a');
    first(sim, '00b200021c');
    first(sim, '00b200021c');
    send(sim, '00a4080c047f106f3a');
    expect(first(sim, '00b200041c')).toBe('6a83');
    expect(first(sim, '00b200021c')).toBe('01');
  });

  it('updates the "next" record; an absolute update leaves the pointer', () => {
    const sim = numberedAdn();
    send(sim, '00a4080c047f106f3a');
    expect(send(sim, `00dc00021c${'aa'.repeat(28)}`)).toBe('9000');
    expect(first(sim, '00b201041c')).toBe('aa');
    expect(send(sim, `00dc0a041c${'bb'.repeat(28)}`)).toBe('9000');
    expect(first(sim, '00b200041c')).toBe('aa');
    expect(first(sim, '00b20a041c')).toBe('bb');
  });

  it('wraps around a cyclic EF and writes the oldest record as the new record 1', () => {
    const sim = fixtureSim('test-sim', { pin1: { value: '1234', retriesLeft: 3, enabled: false } });
    send(sim, 'a0a40000027f10');
    send(sim, 'a0a40000026f44');
    for (const fill of ['11', '22', '33', '44', '55', '66']) {
      expect(send(sim, `a0dc00031c${fill.repeat(28)}`)).toBe('9000');
    }
    expect(first(sim, 'a0b201041c')).toBe('66');
    expect(first(sim, 'a0b205041c')).toBe('22');
    send(sim, 'a0a40000026f44');
    expect(first(sim, 'a0b200031c')).toBe('22');
    expect(first(sim, 'a0b200021c')).toBe('66');
    expect(first(sim, 'a0b200021c')).toBe('55');
    expect(send(sim, `a0dc01041c${'77'.repeat(28)}`)).toBe('6b00');
  });

  it('SEEK type 1 moves the pointer for a following READ RECORD current (TS 51.011 §9.2.7)', () => {
    const sim = numberedAdn();
    send(sim, 'a0a40000026f3a');
    expect(send(sim, 'a0a200000107')).toBe('9000');
    expect(first(sim, 'a0b200041c')).toBe('07');
    expect(send(sim, 'a0a200120105')).toBe('9404');
    expect(send(sim, 'a0a200130105')).toBe('9f01');
    expect(send(sim, 'a0c0000001')).toBe('05 9000');
  });

  it('SEARCH RECORD enhanced from an offset finds the free EF_SMS records (TS 102 221 §11.1.7)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, '00a4080c047f106f3c');
    expect(send(sim, `00dc0104b003${'ff'.repeat(175)}`)).toBe('9000');
    expect(send(sim, '00a201060304000' + '0')).toBe('6109');
    expect(send(sim, '00c0000009')).toBe('02030405060708090a 9000');
  });
});
