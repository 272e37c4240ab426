// ISO/IEC 7816-3 §9 PPS: request/response layout (§9.2), PCK, and a successful exchange (§9.3).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  answerPps,
  decodePps,
  encodePps,
  ppsLength,
  ppsOutcome,
  type Pps,
} from '../../../protocol/iso7816/pps.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

const examples = [
  // [hex, pps, what]
  ['ff1096 79', { protocol: 0, pps1: 0x96 }, 'T=0, PPS1 96 (Fi 512, Di 32); PCK = FF^10^96'],
  ['ff1011fe', { protocol: 0, pps1: 0x11 }, 'T=0 at Fd/Dd, seen from a phone (REFERENCE-SIM §1.5)'],
  ['ff00ff', { protocol: 0 }, 'T=0, no parameter bytes'],
  ['ff711813 0a 8f', { protocol: 1, pps1: 0x18, pps2: 0x13, pps3: 0x0a }, 'T=1 with PPS1..3'],
] as const;

describe('PPS codec (§9.2)', () => {
  it.each(examples)('%s: %s', (hex, pps) => {
    const bytes = fromHex(hex);
    expect(decodePps(bytes)).toEqual(pps);
    expect(toHex(encodePps(pps))).toBe(toHex(bytes));
    expect(ppsLength(bytes)).toBe(bytes.length);
    expectEveryTruncationRejected(bytes, decodePps);
  });

  it('rejects a bad PPSS, the reserved bit of PPS0, a bad PCK and trailing bytes', () => {
    const code = (hex: string): unknown => {
      try {
        decodePps(fromHex(hex));
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'decoded';
    };
    expect(code('fe1096 79')).toBe('PPS_BAD_PPSS');
    expect(code('ff9096f9')).toBe('PPS_BAD_PPS0');
    expect(code('ff109678')).toBe('PPS_BAD_PCK');
    expect(code('ff00ff00')).toBe('PPS_TRAILING_BYTES');
  });

  it('round-trips every generated request', () => {
    const byte = fc.integer({ min: 0, max: 255 });
    const pps = fc.record(
      { protocol: fc.integer({ min: 0, max: 15 }), pps1: byte, pps2: byte, pps3: byte },
      { requiredKeys: ['protocol'] },
    );
    fc.assert(
      fc.property(pps, (p: Pps) => {
        expect(decodePps(encodePps(p))).toEqual(p);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('fuzzes with random bytes: only DecodeError', () => {
    fuzzDecoder(decodePps, { maxLength: 8, seed: 79 });
  });
});

describe('PPS exchange (§9.3)', () => {
  const policy = { protocols: [0], acceptsRate: (b: number) => b === 0x11 || b === 0x94 };

  it('echoes an acceptable request, which is a successful exchange', () => {
    const request = { protocol: 0, pps1: 0x94 };
    const response = answerPps(request, policy)!;
    expect(response).toEqual(request);
    expect(ppsOutcome(request, response)).toEqual({ accepted: true, protocol: 0, rateByte: 0x94 });
  });

  it('leaves PPS1 out for a rate it cannot run, so both keep Fd and Dd', () => {
    const request = { protocol: 0, pps1: 0x97 };
    const response = answerPps(request, policy)!;
    expect(toHex(encodePps(response))).toBe('ff00ff');
    expect(ppsOutcome(request, response)).toEqual({ accepted: true, protocol: 0, rateByte: 0x11 });
  });

  it('stays mute for a protocol it does not offer', () => {
    expect(answerPps({ protocol: 1, pps1: 0x11 }, policy)).toBeUndefined();
  });

  it('fails an exchange whose response names another protocol or other parameters', () => {
    expect(ppsOutcome({ protocol: 0 }, { protocol: 1 }).accepted).toBe(false);
    expect(ppsOutcome({ protocol: 0, pps1: 0x94 }, { protocol: 0, pps1: 0x95 }).accepted).toBe(
      false,
    );
    expect(ppsOutcome({ protocol: 0 }, { protocol: 0, pps2: 1 }).accepted).toBe(false);
  });
});
