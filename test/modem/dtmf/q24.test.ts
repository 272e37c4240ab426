// ITU-T Q.24 Table 1 (AT&T column) receiver limits, each row through a noisy G.711 line.
import { describe, expect, it } from 'vitest';
import type { ChannelCodec } from '../../../modem/channel/voice-channel.ts';
import { DTMF_KEYS } from '../../../modem/dtmf/keys.ts';
import { generateDtmf, type DtmfToneOptions } from '../../../modem/dtmf/tone-generator.ts';
import { decodeDigits, delayed, throughLine } from './helpers.ts';

const RATE = 8000;
/** Per-tone signal-to-noise ratio of every row (Q.24's receivers must work down to 15 dB). */
const SNR_DB = 25;

function overLine(
  codec: ChannelCodec,
  tones: Partial<DtmfToneOptions>,
  digits = DTMF_KEYS,
  seed = 1,
) {
  const options = { sampleRate: RATE, toneMs: 60, gapMs: 60, levelDbm0: -10, ...tones };
  const line = { sampleRate: RATE, codec, snrDb: SNR_DB, signalDbm0: options.levelDbm0 };
  return decodeDigits(throughLine(generateDtmf(digits, options), line, seed));
}

/** The same key sent at every alignment to the receiver's sub-blocks (0..33 samples). */
function atEveryAlignment(
  codec: ChannelCodec,
  tones: Partial<DtmfToneOptions>,
  key: string,
): string[] {
  const options = { sampleRate: RATE, toneMs: 60, gapMs: 80, levelDbm0: -10, ...tones };
  const line = { sampleRate: RATE, codec, snrDb: SNR_DB, signalDbm0: options.levelDbm0 };
  const x = generateDtmf(key, options);
  return Array.from({ length: 34 }, (_, offset) =>
    decodeDigits(throughLine(delayed(x, offset), line, offset)),
  );
}

/** A tone of `key` lasting `ms` with a silent interruption of `holeMs` in its middle. */
function interrupted(key: string, ms: number, holeMs: number, offset: number): Float32Array {
  const x = generateDtmf(key, { sampleRate: RATE, toneMs: ms, gapMs: 100, levelDbm0: -10 });
  const from = Math.round(((ms - holeMs) / 2) * 8);
  x.fill(0, from, from + holeMs * 8);
  return delayed(x, offset);
}

describe.each(['mulaw', 'alaw'] as const)('Q.24 receiver limits on the %s path', (codec) => {
  it.each([-0.015, 0.015])('operates at frequency deviation %s', (offset) => {
    expect(overLine(codec, { frequencyOffset: offset })).toBe(DTMF_KEYS);
  });

  it.each([-0.04, -0.035, 0.035, 0.04])('does not operate at frequency deviation %s', (offset) => {
    expect(overLine(codec, { frequencyOffset: offset })).toBe('');
  });

  it.each([4, -8])('operates at twist %s dB (reverse 4 dB / normal 8 dB)', (twistDb) => {
    expect(overLine(codec, { twistDb })).toBe(DTMF_KEYS);
  });

  it.each([-3, -10, -20, -25, -30, -35, -40, -43])(
    'operates at %s dBm0 per tone (≥ 40 dB range)',
    (level) => {
      expect(overLine(codec, { levelDbm0: level })).toBe(DTMF_KEYS);
    },
  );

  it('does not operate at −55 dBm0 per tone', () => {
    expect(overLine(codec, { levelDbm0: -55 })).toBe('');
  });

  it('operates on 40 ms tones at every alignment', () => {
    for (const key of '1D')
      expect(atEveryAlignment(codec, { toneMs: 40 }, key)).toEqual(Array(34).fill(key));
  });

  it('does not operate on 23 ms tones at any alignment', () => {
    for (const key of '1D') expect(atEveryAlignment(codec, { toneMs: 23 }, key).join('')).toBe('');
  });

  it('separates digits by a 40 ms pause', () => {
    expect(overLine(codec, { toneMs: 40, gapMs: 40 }, '1155DD##')).toBe('1155DD##');
  });

  it('bridges a 10 ms interruption (one digit, not two) at every alignment', () => {
    const line = { sampleRate: RATE, codec, snrDb: SNR_DB, signalDbm0: -10 };
    for (let offset = 0; offset < 34; offset++)
      expect(decodeDigits(throughLine(interrupted('8', 100, 10, offset), line, offset))).toBe('8');
  });

  it('operates at 15 dB signal-to-noise', () => {
    const x = generateDtmf(DTMF_KEYS, { sampleRate: RATE, toneMs: 60, gapMs: 60, levelDbm0: -10 });
    const line = { sampleRate: RATE, codec, snrDb: 15, signalDbm0: -10 };
    expect(decodeDigits(throughLine(x, line, 15))).toBe(DTMF_KEYS);
  });
});
