// The IVR's DTMF receiver (ITU-T Q.24 detection): keys a handset repeats after a pause are new
// symbols, the voice modem's repeat key A stands for the symbol before it, and a tone split by a
// lost 20 ms packet counts once.
import { describe, expect, it } from 'vitest';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { keypadTolerantDtmf, SPLIT_TONE_MS } from '../../../server/ivr/keypad-dtmf.ts';

const RATE = 8000;
const modem = dtmfModem({ sampleRate: RATE });
const heard = (audio: Float32Array): string =>
  keypadTolerantDtmf(modem, RATE).createReceiver().push(audio);

describe('IVR DTMF receiver', () => {
  it('hears repeated keys a handset sends with 70 ms pauses', () => {
    const keyed = '0*12*1115533#';
    const audio = generateDtmf(keyed, { sampleRate: RATE, toneMs: 70, gapMs: 70, levelDbm0: -10 });
    expect(heard(audio)).toBe(keyed);
  });

  it('reads the voice modem repeat key as the symbol before it, as the modem receiver does', () => {
    const audio = modem.modulate('1114#');
    expect(heard(audio)).toBe('1114#');
    expect(modem.createReceiver().push(audio)).toBe('1114#');
  });

  it(`merges a tone split by a lost packet (gap under ${SPLIT_TONE_MS} ms)`, () => {
    const audio = generateDtmf('5', { sampleRate: RATE, toneMs: 90, gapMs: 40, levelDbm0: -10 });
    audio.fill(0, 280, 440);
    expect(heard(audio)).toBe('5');
  });

  it('sends what the voice modem sends', () => {
    expect(keypadTolerantDtmf(modem, RATE).modulate('12#')).toEqual(modem.modulate('12#'));
  });
});
