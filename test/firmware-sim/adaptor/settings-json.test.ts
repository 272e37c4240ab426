// Adaptor settings read from JSON: the fixture parses to the test settings, every damaged field
// is named, and random JSON only ever gives DecodeError.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { memoryStorage, parseAdaptorSettings } from '../../../firmware-sim/adaptor/index.ts';
import { TEST_SETTINGS } from './support.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/adaptor/test-adaptor.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

describe('adaptor settings JSON', () => {
  it('reads the fixture as the test settings, and survives the memory storage round trip', async () => {
    const settings = parseAdaptorSettings(fixture);
    expect(settings).toEqual(TEST_SETTINGS);
    const storage = memoryStorage();
    await storage.save(settings);
    expect(parseAdaptorSettings(JSON.parse(JSON.stringify(await storage.load())))).toEqual(
      settings,
    );
  });

  it.each([
    ['serverNumber', 'not a number', 'serverNumber'],
    ['uplinkCounter', -1, 'uplinkCounter'],
    ['uplinkCounter', 2 ** 40, 'uplinkCounter'],
    ['keys', { kic: '00', kid: '11' }, 'keys.kic'],
    ['applications', { generator: 'yes', voice: true }, 'generator'],
    ['blockPlaintextToServer', 1, 'blockPlaintextToServer'],
  ])('names a bad %s', (field, value, named) => {
    expect(() => parseAdaptorSettings({ ...fixture, [field]: value })).toThrow(named);
  });

  it('throws only DecodeError on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseAdaptorSettings(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
