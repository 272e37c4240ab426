// The audio fixtures (fixtures/audio/*.wav with *.expected.json, provenance inside) decode to
// their expected digits.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readWav } from '../../../modem/io/wav.ts';
import { decodeDigits } from './helpers.ts';

const folder = fileURLToPath(new URL('../../../fixtures/audio/', import.meta.url));
const fixtures = readdirSync(folder)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => f.replace(/\.expected\.json$/, ''));

describe('audio fixtures', () => {
  it('exist', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(2);
  });

  it.each(fixtures)('%s.wav decodes to its expected digits', async (name) => {
    const expected = JSON.parse(readFileSync(`${folder}${name}.expected.json`, 'utf8')) as {
      digits: string;
      sampleRate: number;
    };
    const audio = await readWav(readFileSync(`${folder}${name}.wav`));
    expect(audio.sampleRate).toBe(expected.sampleRate);
    expect(decodeDigits(audio.samples, audio.sampleRate)).toBe(expected.digits);
  });
});
