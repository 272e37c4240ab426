// ETSI TS 102 223 §5.2 / TS 31.111 §5.2: TERMINAL PROFILE bits by name, unknown bits preserved.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  type TerminalProfileFeature,
  TERMINAL_PROFILE_BITS,
  decodeTerminalProfile,
  encodeTerminalProfile,
  supports,
  terminalProfile,
} from '../../../protocol/cat/terminal-profile.ts';
import { fuzzDecoder } from '../../support/codec-checks.ts';

describe('TERMINAL PROFILE (TS 102 223 §5.2)', () => {
  it('names the bits of a handset profile and keeps the others', () => {
    const hex = 'ffffffff1f0000dfd7030a000000000600000000';
    const profile = decodeTerminalProfile(fromHex(hex));
    for (const f of ['profileDownload', 'smsPpDataDownload', 'moShortMessageControl'] as const) {
      expect(supports(profile, f)).toBe(true);
    }
    for (const f of ['displayText', 'getInput', 'moreTime', 'refresh', 'selectItem'] as const) {
      expect(supports(profile, f)).toBe(true);
    }
    for (const f of ['sendShortMessage', 'setUpCall', 'setUpMenu', 'setUpEventList'] as const) {
      expect(supports(profile, f)).toBe(true);
    }
    expect(supports(profile, 'eventMtCall')).toBe(true);
    expect(supports(profile, 'eventCardReaderStatus')).toBe(false);
    expect(supports(profile, 'sendDtmf')).toBe(true);
    expect(supports(profile, 'sustainedDisplayText')).toBe(true);
    expect(supports(profile, 'eventLanguageSelection')).toBe(false);
    // 2.2, 2.3, 2.5 (call control), 8.8, 9.3, 9.5, 9.8 and byte 11 (soft keys) have no name here.
    expect(toHex(profile.unnamedBits)).toBe(
      '0016' + '0000000000' + '80' + '94' + '000a000000000600000000',
    );
    expect(toHex(encodeTerminalProfile(profile))).toBe(hex);
  });

  it('builds the profile a CAT-capable terminal needs for SIM-originated SMS (REFERENCE §5.2)', () => {
    const profile = terminalProfile(
      'profileDownload',
      'smsPpDataDownload',
      'commandResult',
      'moShortMessageControl',
      'displayText',
      'getInput',
      'moreTime',
      'selectItem',
      'sendShortMessage',
      'setUpMenu',
      'setUpEventList',
    );
    expect(toHex(encodeTerminalProfile(profile))).toBe('03090d2301');
    expect(toHex(encodeTerminalProfile(profile, 8))).toBe('03090d2301000000');
    expect(toHex(encodeTerminalProfile(terminalProfile('sendDtmf', 'menuSelection')))).toBe(
      '080000000000000002',
    );
  });

  it('decodes a short or empty profile as "not supported"', () => {
    expect(decodeTerminalProfile(new Uint8Array(0)).features.size).toBe(0);
    expect([...decodeTerminalProfile(fromHex('01')).features]).toEqual(['profileDownload']);
    expect(() => decodeTerminalProfile(new Uint8Array(256))).toThrow(
      expect.objectContaining({ code: 'CAT_PROFILE_TOO_LONG' }),
    );
  });

  it('has one name per bit', () => {
    const seen = new Set(Object.values(TERMINAL_PROFILE_BITS).map(([b, n]) => `${b}.${n}`));
    expect(seen.size).toBe(Object.keys(TERMINAL_PROFILE_BITS).length);
  });

  it('round-trips any byte string exactly', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        expect(toHex(encodeTerminalProfile(decodeTerminalProfile(bytes)))).toBe(toHex(bytes));
      }),
      { seed: 5221, numRuns: 500 },
    );
    const names = Object.keys(TERMINAL_PROFILE_BITS) as TerminalProfileFeature[];
    fc.assert(
      fc.property(fc.subarray(names), (features) => {
        const back = decodeTerminalProfile(encodeTerminalProfile(terminalProfile(...features)));
        expect([...back.features].sort()).toEqual([...features].sort());
      }),
      { seed: 5222, numRuns: 300 },
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeTerminalProfile, { seed: 5223 });
  });
});
