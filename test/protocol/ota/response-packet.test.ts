import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeKic,
  decodeKid,
  decodeSpi,
  unwrapResponsePacket,
  wrapResponsePacket,
  type PorStatus,
  type ResponseSecurity,
  type Spi,
} from '../../../protocol/ota/index.ts';
import {
  expectEveryTruncationRejected,
  expectOnlyDecodeError,
  fuzzDecoder,
} from '../../support/codec-checks.ts';
import { engine, SUITES, TAR, sampleData, spiOf, type Suite } from './ota-fixtures.ts';

const security = (s: Suite, spi: Spi): ResponseSecurity => ({ spi, kic: s.kic, kid: s.kid });
const porSpi = (porChecksum: Spi['porChecksum'], porCiphering: boolean): Spi => ({
  ...spiOf('cc', true),
  porChecksum,
  porCiphering,
});

describe('response packet: PoRs from real cards', () => {
  // pySim tests/unittests/test_ota.py: PoRs returned by SJA5 sample cards for SELECT MF, as SMS
  // user data (UDH 02 71 00 first); the TS 102 226 response data is 01 61 32 (one command, 6132).
  const sja5 = {
    kic: fromHex('300102030405060708090a0b0c0d0e0f'),
    kid: fromHex('301102030405060708090a0b0c0d0e0f'),
  };
  const aes = {
    kic: fromHex('200102030405060708090a0b0c0d0e0f'),
    kid: fromHex('201102030405060708090a0b0c0d0e0f'),
  };
  it.each([
    ['0619', 0x35, sja5, '027100001c12b000118bb989492c632529326a2f4681feb37c825bc9021c9f6d0b', 6],
    ['0609', 0x35, sja5, '027100001612b0001100000000000000b5bcd6353a421fae016132', 0],
    ['0601', 0x35, sja5, '027100000e0ab0001100000000000000016132', 0],
    [
      '0619',
      0x22,
      aes,
      '027100002412b00011ebc6b497e2cad7aedf36ace0e3a29b38853f0fe9ccde81913be5702b73abce1f',
      14,
    ],
  ])('SPI %s KIc/KID %i', (spi, key, keys, userData, padding) => {
    const sec = { spi: decodeSpi(fromHex(spi)), kic: decodeKic(key), kid: decodeKid(key) };
    const packet = fromHex(userData).slice(3);
    const out = unwrapResponsePacket(packet, sec, keys, engine);
    expect(out).toMatchObject({ verified: true, status: 'ok', counter: 0, paddingCount: padding });
    if (!out.verified) return;
    expect(toHex(out.data)).toBe('016132');
    expect(toHex(out.tar)).toBe('b00011');
    expect(toHex(wrapResponsePacket(out, sec, keys, engine))).toBe(toHex(packet));
  });
});

describe('response packet round trips', () => {
  const statuses: PorStatus[] = ['ok', 'checksum-failed', 'counter-low', 'tar-unknown'];
  for (const s of SUITES) {
    it(`${s.name}: PoR with and without CC and ciphering`, () => {
      for (const porChecksum of ['none', 'cc'] as const) {
        for (const porCiphering of [false, true]) {
          for (const length of [0, 2, 9, 16, 30]) {
            for (const status of statuses) {
              const sec = security(s, porSpi(porChecksum, porCiphering));
              const params = { tar: TAR, counter: 77, status, data: sampleData(length, 9) };
              const packet = wrapResponsePacket(params, sec, s.keys, engine);
              const out = unwrapResponsePacket(packet, sec, s.keys, engine);
              expect(out).toMatchObject({ verified: true, status, counter: 77 });
              if (out.verified) expect(toHex(out.data)).toBe(toHex(params.data));
            }
          }
        }
      }
    });
  }

  it('covers the UDH octets given as the covered header', () => {
    const s = SUITES[0]!;
    const sec = security(s, porSpi('cc', false));
    const params = { tar: TAR, counter: 1, status: 'ok' as const, data: new Uint8Array(0) };
    const other = Uint8Array.of(0x07, 0x00, 0x03, 0x01, 0x02, 0x01, 0x71, 0x00);
    const packet = wrapResponsePacket(params, sec, s.keys, engine, other);
    expect(unwrapResponsePacket(packet, sec, s.keys, engine, other).verified).toBe(true);
    expect(unwrapResponsePacket(packet, sec, s.keys, engine)).toEqual({
      verified: false,
      problem: 'checksum-failed',
    });
  });
});

describe('response packet verification and decoding', () => {
  const s = SUITES[4]!;
  const sec = security(s, porSpi('cc', true));
  const params = { tar: TAR, counter: 3, status: 'ok' as const, data: sampleData(12, 4) };
  const packet = wrapResponsePacket(params, sec, s.keys, engine);

  it('detects every flipped byte', () => {
    for (let i = 0; i < packet.length; i++) {
      const tampered = packet.slice();
      tampered[i] = tampered[i]! ^ 0x01;
      let verified = false;
      let tarKept = true;
      expectOnlyDecodeError(() => {
        const out = unwrapResponsePacket(tampered, sec, s.keys, engine);
        verified = out.verified;
        if (out.verified) tarKept = toHex(out.tar) === toHex(TAR);
      });
      expect(verified && tarKept, `byte ${i}`).toBe(false);
    }
  });

  it('reports a wrong key as a failed checksum or ciphering error', () => {
    const wrong = { kic: s.keys.kic!, kid: new Uint8Array(24) };
    expect(unwrapResponsePacket(packet, sec, wrong, engine)).toEqual({
      verified: false,
      problem: 'checksum-failed',
    });
    expect(unwrapResponsePacket(packet, sec, { kid: s.keys.kid! }, engine)).toEqual({
      verified: false,
      problem: 'ciphering-error',
    });
  });

  it('rejects every truncation and trailing bytes with DecodeError', () => {
    expectEveryTruncationRejected(packet, (b) => unwrapResponsePacket(b, sec, s.keys, engine));
    expect(() => unwrapResponsePacket(new Uint8Array([...packet, 0]), sec, s.keys, engine)).toThrow(
      DecodeError,
    );
  });

  it('rejects an RHL that does not fit the expected checksum', () => {
    const plain = security(s, porSpi('none', false));
    const bare = wrapResponsePacket(params, plain, s.keys, engine);
    expect(() => unwrapResponsePacket(bare, sec, s.keys, engine)).toThrow(DecodeError);
  });

  it('sees only DecodeError or an outcome for random input', () => {
    fuzzDecoder((b) => unwrapResponsePacket(b, sec, s.keys, engine), { numRuns: 1000 });
    const plain = security(s, porSpi('none', false));
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (body) => {
        const bytes = new Uint8Array([body.length >> 8, body.length & 0xff, ...body]);
        expectOnlyDecodeError(() => unwrapResponsePacket(bytes, sec, s.keys, engine));
        expectOnlyDecodeError(() => unwrapResponsePacket(bytes, plain, s.keys, engine));
      }),
      { numRuns: 1500, seed: 102226 },
    );
  });
});
