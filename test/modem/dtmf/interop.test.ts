// Interoperability with independent DTMF implementations: WAV files written by simpay decode to
// the same digits in multimon-ng, and dual tones synthesised by sox decode correctly in simpay.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COLUMN_FREQUENCIES, DTMF_KEYS, ROW_FREQUENCIES } from '../../../modem/dtmf/keys.ts';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { readWav, writeWav } from '../../../modem/io/wav.ts';
import { createRandom } from '../../../modem/random.ts';
import { decodeDigits, randomDigits } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-dtmf-interop-'));
const has = (tool: string): boolean => !spawnSync(tool, ['-h']).error;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function multimon(file: string): string {
  const r = spawnSync('multimon-ng', ['-q', '-c', '-a', 'DTMF', '-t', 'wav', file], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`multimon-ng failed: ${r.stderr}`);
  return [...r.stdout.matchAll(/^DTMF: (.)$/gm)].map((m) => m[1]).join('');
}

function sox(args: string[]): void {
  const r = spawnSync('sox', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sox failed: ${r.stderr}`);
}

describe.skipIf(!has('multimon-ng') || !has('sox'))('DTMF interoperability', () => {
  it.each([
    [8000, 50, 50, -10],
    [8000, 70, 60, -20],
    [16000, 50, 50, -6],
    [44100, 60, 60, -15],
  ])(
    'multimon-ng decodes simpay WAVs (%s Hz, %s/%s ms, %s dBm0)',
    async (rate, toneMs, gapMs, level) => {
      const digits = DTMF_KEYS + randomDigits(createRandom(rate + level), 48);
      const samples = generateDtmf(digits, { sampleRate: rate, toneMs, gapMs, levelDbm0: level });
      const file = join(dir, `simpay-${rate}-${toneMs}.wav`);
      writeFileSync(file, await writeWav({ sampleRate: rate, samples }));
      expect(multimon(file)).toBe(digits);
    },
  );

  it.each([8000, 11025, 22050])(
    'simpay decodes sox-synthesised dual tones at %s Hz',
    async (rate) => {
      const digits = DTMF_KEYS + randomDigits(createRandom(rate), 24);
      const parts = [...digits].map((key, i) => {
        const index = DTMF_KEYS.indexOf(key);
        const file = join(dir, `sox-${rate}-${i}.wav`);
        const low = String(ROW_FREQUENCIES[index >> 2]);
        const high = String(COLUMN_FREQUENCIES[index & 3]);
        const format = ['-r', String(rate), '-b', '16', '-c', '1'];
        sox([
          '-n',
          ...format,
          file,
          'synth',
          '0.06',
          'sine',
          low,
          'sine',
          high,
          'channels',
          '1',
          'gain',
          '-9',
          'pad',
          '0',
          '0.05',
        ]);
        return file;
      });
      const sequence = join(dir, `sox-${rate}.wav`);
      sox([...parts, sequence]);
      const audio = await readWav(readFileSync(sequence));
      expect(audio.sampleRate).toBe(rate);
      expect(decodeDigits(audio.samples, rate)).toBe(digits);
    },
  );
});
