import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeKic,
  decodeKid,
  decodeSpi,
  unwrapCommandPacket,
  wrapCommandPacket,
  type CommandPacketParams,
  type CounterMode,
  type OtaKeys,
  type TarContext,
} from '../../../protocol/ota/index.ts';
import {
  expectEveryTruncationRejected,
  expectOnlyDecodeError,
  fuzzDecoder,
} from '../../support/codec-checks.ts';
import { engine, SUITES, TAR, sampleData, spiOf, type Suite } from './ota-fixtures.ts';

const context =
  (keys: OtaKeys, extra: Partial<TarContext> = {}) =>
  (): TarContext => ({
    keys,
    counter: 0,
    ...extra,
  });

function params(s: Suite, spi = spiOf('cc', true), data = sampleData(20, 1), counter = 1) {
  return { spi, kic: s.kic, kid: s.kid, tar: TAR, counter, data } satisfies CommandPacketParams;
}

describe('command packet: published examples', () => {
  // pySim tests/unittests/test_ota.py (SmsOtaTestCase, SJA5 sample cards): SELECT MF, TAR B00011,
  // CNTR 0. The same packets follow UDH 02 70 00 in the SMS-DELIVER user data there.
  const sja5 = {
    kic: fromHex('300102030405060708090a0b0c0d0e0f'),
    kid: fromHex('301102030405060708090a0b0c0d0e0f'),
  };
  const aes = {
    kic: fromHex('200102030405060708090a0b0c0d0e0f'),
    kid: fromHex('201102030405060708090a0b0c0d0e0f'),
  };
  it.each([
    ['0619', 0x35, sja5, '00201506193535b00011ae733256918d050b87c94fbfe12e4dc402f262c41cf67f2f'],
    ['0609', 0x35, sja5, '00201506093535b00011c49ac91ab8159ba5b83a54fb6385e0a5e31694f8b215fafc'],
    [
      '0619',
      0x22,
      aes,
      '00281506192222b00011e87cceebb2d93083011ce294f93fc4d8de80da1abae8c37ca3e72ec4432e5058',
    ],
  ])('SPI %s KIc/KID %i', (spi, key, keys, packet) => {
    const p: CommandPacketParams = {
      spi: decodeSpi(fromHex(spi)),
      kic: decodeKic(key),
      kid: decodeKid(key),
      tar: TAR,
      counter: 0,
      data: fromHex('00a40004023f00'),
    };
    expect(toHex(wrapCommandPacket(p, keys, engine))).toBe(packet);
    const out = unwrapCommandPacket(fromHex(packet), context(keys, { counter: 0 }), engine);
    expect(out.status).toBe('ok');
    if (out.status === 'ok') expect(toHex(out.data)).toBe('00a40004023f00');
  });

  it('lays out an unsecured packet field by field (TS 102 225 §5.1.1)', () => {
    const s = SUITES[0]!;
    const spi = {
      ...spiOf('none', false, 'none'),
      porCiphering: false,
      porChecksum: 'none' as const,
    };
    const packet = wrapCommandPacket(
      { ...params(s, spi), counter: 0x0102030405, data: fromHex('a0b0') },
      {},
      engine,
    );
    // CPL 0010, CHL 0d, SPI 0021, KIc 12, KID 12, TAR b00011, CNTR 0102030405, PCNTR 00, data
    expect(toHex(packet)).toBe('00100d00211212b00011010203040500a0b0');
  });
});

describe('command packet round trips', () => {
  const modes: CounterMode[] = ['none', 'no-check', 'higher', 'one-higher'];
  for (const s of SUITES) {
    it(`${s.name}: every checksum, ciphering on/off, every counter mode and data length`, () => {
      for (const checksum of ['none', 'cc'] as const) {
        for (const ciphering of [false, true]) {
          for (const mode of modes) {
            for (const length of [0, 1, 7, 8, 15, 16, 17, 40]) {
              const p = params(s, spiOf(checksum, ciphering, mode), sampleData(length, length), 5);
              const packet = wrapCommandPacket(p, s.keys, engine);
              const out = unwrapCommandPacket(packet, context(s.keys, { counter: 4 }), engine);
              expect(out.status).toBe('ok');
              if (out.status !== 'ok') continue;
              expect(toHex(out.data)).toBe(toHex(p.data));
              expect(out.counter).toBe(5);
              expect(out.header.tar).toEqual(TAR);
              if (ciphering && s.kic.suite.startsWith('aes'))
                expect((packet.length - 10) % 16).toBe(0);
            }
          }
        }
      }
    });
  }

  it('carries a CRC-16 or CRC-32 redundancy check', () => {
    for (const suite of ['crc16', 'crc32'] as const) {
      const s = { ...SUITES[0]!, kid: { suite, keyVersion: 0 } };
      const packet = wrapCommandPacket(params(s, spiOf('rc', true)), s.keys, engine);
      expect(packet[2]).toBe(13 + (suite === 'crc16' ? 2 : 4));
      expect(unwrapCommandPacket(packet, context(s.keys), engine).status).toBe('ok');
    }
  });

  it('refuses to wrap with missing or wrong-sized keys', () => {
    const s = SUITES[0]!;
    expect(() => wrapCommandPacket(params(s), {}, engine)).toThrow(RangeError);
    expect(() => wrapCommandPacket(params(s), { kic: new Uint8Array(16) }, engine)).toThrow(
      RangeError,
    );
    expect(() =>
      wrapCommandPacket(params(s), { kic: new Uint8Array(15), kid: new Uint8Array(16) }, engine),
    ).toThrow(RangeError);
  });
});

describe('command packet status outcomes (TS 102 225 §5.2.2)', () => {
  const s = SUITES[0]!;
  const packet = wrapCommandPacket(
    params(s, spiOf('cc', true, 'higher'), undefined, 10),
    s.keys,
    engine,
  );

  it('09 TAR unknown', () => {
    expect(unwrapCommandPacket(packet, () => undefined, engine).status).toBe('tar-unknown');
  });

  it('0A insufficient security level', () => {
    const plain = wrapCommandPacket(params(s, spiOf('cc', false)), s.keys, engine);
    const need = context(s.keys, { requirement: { ciphering: true } });
    expect(unwrapCommandPacket(plain, need, engine).status).toBe('insufficient-security-level');
    const strict = context(s.keys, { requirement: { counter: 'one-higher', checksum: 'cc' } });
    expect(unwrapCommandPacket(packet, strict, engine).status).toBe('insufficient-security-level');
    const met = context(s.keys, {
      requirement: { ciphering: true, checksum: 'cc', counter: 'higher' },
    });
    expect(unwrapCommandPacket(packet, met, engine).status).toBe('ok');
  });

  it('01 checksum failed with the wrong KID key', () => {
    const wrong = { ...s.keys, kid: new Uint8Array(16) };
    expect(unwrapCommandPacket(packet, context(wrong), engine)).toMatchObject({
      status: 'checksum-failed',
    });
  });

  it('02 counter low, 03 counter high, 04 counter blocked', () => {
    expect(unwrapCommandPacket(packet, context(s.keys, { counter: 10 }), engine)).toMatchObject({
      status: 'counter-low',
      counter: 10,
    });
    const exact = wrapCommandPacket(
      params(s, spiOf('cc', true, 'one-higher'), undefined, 12),
      s.keys,
      engine,
    );
    expect(unwrapCommandPacket(exact, context(s.keys, { counter: 10 }), engine).status).toBe(
      'counter-high',
    );
    expect(unwrapCommandPacket(exact, context(s.keys, { counter: 11 }), engine)).toMatchObject({
      status: 'ok',
      nextCounter: 12,
    });
    const blocked = context(s.keys, { counter: 0xff_ffff_ffff });
    expect(unwrapCommandPacket(packet, blocked, engine).status).toBe('counter-blocked');
  });

  it('05 ciphering error: no KIc key, or a ciphered part that is not whole blocks', () => {
    expect(unwrapCommandPacket(packet, context({ kid: s.keys.kid! }), engine).status).toBe(
      'ciphering-error',
    );
    const plain = wrapCommandPacket(
      params(s, spiOf('cc', false), sampleData(3, 3)),
      s.keys,
      engine,
    );
    plain[3] = plain[3]! | 0x04;
    expect(unwrapCommandPacket(plain, context(s.keys), engine).status).toBe('ciphering-error');
  });

  it('06 unidentified security error for a digital signature or an unknown KID', () => {
    const ds = wrapCommandPacket(params(s, spiOf('none', true)), s.keys, engine);
    ds[3] = ds[3]! | 0x03;
    expect(unwrapCommandPacket(ds, context(s.keys), engine).status).toBe(
      'unidentified-security-error',
    );
  });

  it('07 insufficient memory when the data exceeds what the TAR takes', () => {
    const small = context(s.keys, { maxDataLength: 19 });
    expect(unwrapCommandPacket(packet, small, engine).status).toBe('insufficient-memory');
  });

  it('detects every flipped byte of a ciphered, checksummed packet', () => {
    for (const suite of SUITES) {
      const p = wrapCommandPacket(params(suite), suite.keys, engine);
      for (let i = 0; i < p.length; i++) {
        for (const mask of [0x01, 0x80]) {
          const tampered = p.slice();
          tampered[i] = tampered[i]! ^ mask;
          let status = 'decode-error';
          expectOnlyDecodeError(() => {
            status = unwrapCommandPacket(tampered, context(suite.keys), engine).status;
          });
          expect(status, `${suite.name} byte ${i} mask ${mask}`).not.toBe('ok');
        }
      }
    }
  });
});

describe('command packet decoding', () => {
  const s = SUITES[3]!;
  const packet = wrapCommandPacket(params(s), s.keys, engine);

  it('rejects every truncation with DecodeError', () => {
    expectEveryTruncationRejected(packet, (b) => unwrapCommandPacket(b, context(s.keys), engine));
  });

  it('rejects trailing bytes and a short CHL', () => {
    const longer = new Uint8Array([...packet, 0]);
    expect(() => unwrapCommandPacket(longer, context(s.keys), engine)).toThrow(DecodeError);
    const badChl = packet.slice();
    badChl[2] = 12;
    expect(() => unwrapCommandPacket(badChl, context(s.keys), engine)).toThrow(DecodeError);
  });

  it('sees only DecodeError or a status outcome for random bytes', () => {
    fuzzDecoder((b) => unwrapCommandPacket(b, context(s.keys), engine), { numRuns: 1500 });
  });

  it('sees only DecodeError or a status outcome for random packets with a valid CPL', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 120 }), (body) => {
        const bytes = new Uint8Array([body.length >> 8, body.length & 0xff, ...body]);
        expectOnlyDecodeError(() => unwrapCommandPacket(bytes, context(s.keys), engine));
        expectOnlyDecodeError(() => unwrapCommandPacket(bytes, context(SUITES[0]!.keys), engine));
      }),
      { numRuns: 1500, seed: 115 },
    );
  });
});
