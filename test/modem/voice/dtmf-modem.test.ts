import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dtmfModem,
  encodeRepeats,
  RepeatDecoder,
  REPEAT_KEY,
} from '../../../modem/voice/dtmf-modem.ts';

const RATE = 8000;
const modem = dtmfModem({ sampleRate: RATE });
const symbolsArb = fc.string({
  unit: fc.constantFrom(...'0123456789*#'.split('')),
  minLength: 1,
  maxLength: 30,
});

function receive(audio: Float32Array): string {
  const receiver = modem.createReceiver();
  let out = '';
  for (let at = 0; at < audio.length + RATE; at += 160) {
    const block = new Float32Array(160);
    block.set(audio.subarray(at, Math.min(at + 160, audio.length)));
    out += receiver.push(block);
  }
  return out;
}

describe('DTMF line encoding', () => {
  it('never sends the same key twice in a row', () => {
    expect(encodeRepeats('1114##0')).toBe('1A14#A0');
    fc.assert(
      fc.property(symbolsArb, (symbols) => {
        const keys = encodeRepeats(symbols);
        for (let i = 1; i < keys.length; i++) expect(keys[i]).not.toBe(keys[i - 1]);
      }),
      { seed: 23, numRuns: 300 },
    );
  });

  it('undoes the repeat key and merges a key heard twice within one symbol period', () => {
    const decoder = new RepeatDecoder(1000);
    const heard = ['1', 'A', '1', '1', '4'].map((k, i) => decoder.push(k, i * 800, i * 800 + 500));
    expect(heard.join('')).toBe('1114');
    const apart = new RepeatDecoder(100);
    expect(['5', '5'].map((k, i) => apart.push(k, i * 1000, i * 1000 + 500)).join('')).toBe('55');
    expect(REPEAT_KEY).toBe('A');
  });

  it('round-trips symbols through tones', () => {
    fc.assert(
      fc.property(symbolsArb, (symbols) => {
        expect(receive(modem.modulate(symbols))).toBe(symbols);
      }),
      { seed: 24, numRuns: 20 },
    );
  });

  it('hears one key when a 20 ms packet is lost in the middle of its tone', () => {
    const audio = modem.modulate('5*5');
    const lead = 0.04 * RATE;
    audio.fill(0, lead + 0.035 * RATE, lead + 0.055 * RATE);
    expect(receive(audio)).toBe('5*5');
  });
});
