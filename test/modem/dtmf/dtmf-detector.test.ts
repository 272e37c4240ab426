import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DtmfDetector, type DetectedDigit } from '../../../modem/dtmf/dtmf-detector.ts';
import { DTMF_KEYS } from '../../../modem/dtmf/keys.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { createRandom } from '../../../modem/random.ts';
import { decodeDigits, detect, randomDigits, throughLine } from './helpers.ts';

const send = { sampleRate: 8000, toneMs: 50, gapMs: 50, levelDbm0: -10 };

function pushInPieces(samples: Float32Array, cuts: readonly number[]): DetectedDigit[] {
  const d = new DtmfDetector({ sampleRate: 8000 });
  const out: DetectedDigit[] = [];
  let from = 0;
  for (const cut of [...cuts, samples.length]) {
    out.push(...d.push(samples.subarray(from, cut)));
    from = cut;
  }
  return [...out, ...d.flush()];
}

describe('DTMF receiver', () => {
  it('decodes all sixteen keys (SpanDSP test 2 timing, 50/50 ms)', () => {
    const x = generateDtmf(DTMF_KEYS.repeat(3), send);
    expect(decodeDigits(x)).toBe(DTMF_KEYS.repeat(3));
  });

  it('reports each tone within one window of where it was sent', () => {
    const found = detect(generateDtmf('159D', send));
    expect(found).toHaveLength(4);
    found.forEach((d, i) => {
      expect(Math.abs(d.startSample - i * 800)).toBeLessThanOrEqual(102);
      expect(Math.abs(d.endSample - (i * 800 + 400))).toBeLessThanOrEqual(102);
    });
  });

  it('reports nothing for silence and keeps counting samples across flushes', () => {
    const d = new DtmfDetector({ sampleRate: 8000 });
    expect(d.push(new Float32Array(8000))).toEqual([]);
    expect(d.flush()).toEqual([]);
    const [digit] = [...d.push(generateDtmf('7', send)), ...d.flush()];
    expect(digit?.digit).toBe('7');
    expect(digit?.startSample).toBeGreaterThanOrEqual(8000 - 102);
  });

  it('gives identical results for every split point of the input into two pushes', () => {
    const x = generateDtmf('1#9', { ...send, toneMs: 45, gapMs: 25 });
    const whole = pushInPieces(x, []);
    expect(whole.map((d) => d.digit).join('')).toBe('1#9');
    for (let cut = 0; cut <= x.length; cut++) expect(pushInPieces(x, [cut])).toEqual(whole);
  });

  it('gives identical results for any seeded split into many pushes, on a noisy line', () => {
    const random = createRandom(5);
    const digits = randomDigits(random, 30);
    const line = { sampleRate: 8000, codec: 'mulaw', snrDb: 20, driftPercent: 0.5 } as const;
    const x = throughLine(generateDtmf(digits, { ...send, toneMs: 40, gapMs: 40 }), line, 9);
    const whole = pushInPieces(x, []);
    expect(whole.map((d) => d.digit).join('')).toBe(digits);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: x.length }), { maxLength: 60 }),
        (cuts) => {
          expect(
            pushInPieces(
              x,
              [...cuts].sort((a, b) => a - b),
            ),
          ).toEqual(whole);
        },
      ),
      { numRuns: 60, seed: 24 },
    );
  });

  it('gives the same digits from 16-bit PCM as from the decoded floats', () => {
    const random = createRandom(8);
    const digits = randomDigits(random, 40);
    const line = { sampleRate: 8000, codec: 'alaw', snrDb: 18, twistDb: -4 } as const;
    const x = throughLine(generateDtmf(digits, { ...send, toneMs: 40, gapMs: 30 }), line, 4);
    const pcm = Int16Array.from(x, (v) => Math.round(v * 32768));
    const fromPcm = new DtmfDetector({ sampleRate: 8000 });
    const viaPcm = [
      ...fromPcm.pushPcm16(pcm.subarray(0, 777)),
      ...fromPcm.pushPcm16(pcm.subarray(777)),
      ...fromPcm.flush(),
    ];
    expect(viaPcm).toEqual(detect(Float32Array.from(pcm, (v) => v / 32768)));
    expect(viaPcm.map((d) => d.digit).join('')).toBe(digits);
  });

  it.each([11025, 16000, 22050, 44100, 48000])('works at %s Hz', (rate) => {
    const x = generateDtmf('0123456789*#ABCD', {
      ...send,
      sampleRate: rate,
      toneMs: 40,
      gapMs: 40,
    });
    expect(decodeDigits(x, rate)).toBe('0123456789*#ABCD');
  });

  it('separates back-to-back different digits without a gap', () => {
    const x = generateDtmf('1212', { ...send, gapMs: 0 });
    expect(decodeDigits(x)).toBe('1212');
  });

  it('rejects sample rates it cannot work at', () => {
    expect(() => new DtmfDetector({ sampleRate: 3000 })).toThrow(RangeError);
    expect(() => new DtmfDetector({ sampleRate: Number.NaN })).toThrow(RangeError);
  });

  it('rejects a single tone, a three-tone chord and white noise', () => {
    const one = Float32Array.from(
      { length: 4000 },
      (_, n) => 0.3 * Math.sin((2 * Math.PI * 770 * n) / 8000),
    );
    expect(decodeDigits(one)).toBe('');
    const chord = generateDtmf('5', { ...send, toneMs: 300 });
    const extra = generateDtmf('9', { ...send, toneMs: 300 });
    expect(decodeDigits(chord.map((v, i) => v + (extra[i] as number)))).toBe('');
    const random = createRandom(3);
    expect(decodeDigits(Float32Array.from({ length: 80000 }, () => 0.2 * random.gaussian()))).toBe(
      '',
    );
  });
});
