import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  porFieldsFor,
  porRequired,
  unwrapCommandPacket,
  unwrapResponsePacket,
  wrapCommandPacket,
  wrapResponsePacket,
} from '../../../protocol/ota/index.ts';
import { engine, SUITES, TAR, spiOf } from './ota-fixtures.ts';

describe('Proof of Receipt (TS 102 225 §5.1.1, §5.2)', () => {
  it.each([
    ['always', 'ok', true],
    ['always', 'counter-low', true],
    ['on-error', 'ok', false],
    ['on-error', 'checksum-failed', true],
    ['none', 'counter-low', false],
  ] as const)('PoR %s with status %s: %s', (por, status, expected) => {
    expect(porRequired({ ...spiOf('cc', true), por }, status)).toBe(expected);
  });

  it('answers a command with its TAR and CNTR, secured as the SPI asks', () => {
    const s = SUITES[0]!;
    const spi = spiOf('cc', true);
    const data = fromHex('80e60c00');
    const command = wrapCommandPacket(
      { spi, kic: s.kic, kid: s.kid, tar: TAR, counter: 9, data },
      s.keys,
      engine,
    );
    const outcome = unwrapCommandPacket(command, () => ({ keys: s.keys, counter: 8 }), engine);
    const fields = porFieldsFor(outcome, fromHex('019000'));
    expect(fields).toMatchObject({ counter: 9, status: 'ok' });
    const security = { spi, kic: s.kic, kid: s.kid };
    const por = wrapResponsePacket(fields, security, s.keys, engine);
    const read = unwrapResponsePacket(por, security, s.keys, engine);
    expect(read).toMatchObject({ verified: true, counter: 9, status: 'ok' });
    if (read.verified) expect(toHex(read.data)).toBe('019000');
  });

  it('uses CNTR zero when the counter could not be read', () => {
    const s = SUITES[0]!;
    const command = wrapCommandPacket(
      {
        spi: spiOf('cc', true),
        kic: s.kic,
        kid: s.kid,
        tar: TAR,
        counter: 9,
        data: new Uint8Array(3),
      },
      s.keys,
      engine,
    );
    const outcome = unwrapCommandPacket(command, () => undefined, engine);
    expect(porFieldsFor(outcome)).toMatchObject({ counter: 0, status: 'tar-unknown', tar: TAR });
  });
});
