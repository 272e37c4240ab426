// Talk-off (ITU-T Q.24 Table 1): no digit may be detected in speech. Stand-in for the Mitel and
// Bellcore speech tapes: espeak-ng reading fixtures/audio/talk-off-script.txt in eight voices
// (over 10 minutes), resampled to 8 kHz by sox, at −15 dBm0 mean with noise, on each G.711 path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDtmf } from '../../../modem/dtmf/tone-generator.ts';
import { readWav } from '../../../modem/io/wav.ts';
import { rms, rmsToDbm0 } from '../../../modem/level.ts';
import { decodeDigits, throughLine } from './helpers.ts';

const script = fileURLToPath(
  new URL('../../../fixtures/audio/talk-off-script.txt', import.meta.url),
);
/** espeak-ng voice, words per minute, pitch (0-99). */
const VOICES: readonly [string, number, number][] = [
  ['en-us', 175, 50],
  ['en-gb', 160, 40],
  ['en-us+f3', 170, 60],
  ['en-gb-scotland+f2', 150, 70],
  ['en-029+m3', 190, 30],
  ['de+f4', 160, 55],
  ['fr+m2', 170, 45],
  ['es+f1', 180, 75],
];
const SPEECH_DBM0 = -15;
const tools = ['espeak-ng', 'sox'].every((t) => !spawnSync(t, ['--version']).error);

let dir = '';
let speech = new Float32Array(0);

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed: ${r.stderr}`);
}

describe.skipIf(!tools)('talk-off on synthetic speech', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'simpay-talk-off-'));
    const parts: Float32Array[] = [];
    for (const [i, [voice, speed, pitch]] of VOICES.entries()) {
      const wide = join(dir, `v${i}.wav`);
      const narrow = join(dir, `s${i}.wav`);
      run('espeak-ng', [
        '-v',
        voice,
        '-s',
        String(speed),
        '-p',
        String(pitch),
        '-f',
        script,
        '-w',
        wide,
      ]);
      run('sox', [wide, '-r', '8000', '-b', '16', narrow, 'gain', '-3']);
      parts.push((await readWav(readFileSync(narrow))).samples);
    }
    speech = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const p of parts) {
      speech.set(p, offset);
      offset += p.length;
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has more than ten minutes of speech', () => {
    expect(speech.length / 8000 / 60).toBeGreaterThan(10);
  });

  it.each(['none', 'mulaw', 'alaw'] as const)(
    'detects no digit in the speech on the %s path',
    (codec) => {
      const level = rmsToDbm0(rms(speech));
      const line = {
        sampleRate: 8000,
        codec,
        levelDb: SPEECH_DBM0 - level,
        signalDbm0: level,
        snrDb: 30,
      };
      expect(decodeDigits(throughLine(speech, line, 1))).toBe('');
    },
  );

  it('still detects digits sent over the same speech (the check can fail)', () => {
    const level = rmsToDbm0(rms(speech));
    const tones = generateDtmf('1590*#', {
      sampleRate: 8000,
      toneMs: 60,
      gapMs: 200,
      levelDbm0: -10,
    });
    const mixed = speech
      .slice(0, tones.length)
      .map((v, i) => v * 10 ** ((SPEECH_DBM0 - 10 - level) / 20) + (tones[i] as number));
    expect(decodeDigits(mixed)).toBe('1590*#');
  });
});
