// Installing an adaptor at the gateway: defaults that match the adaptor firmware's own TARs and
// suites, key lengths checked against TS 102 225 §5.1.2-5.1.3 algorithms, and the record stored.
import { describe, expect, it } from 'vitest';
import { AES_KIC, AES_KID, PAYMENT_TAR, SERVER_TAR } from '../../../firmware-sim/adaptor/config.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import { openSqlite } from '../../../server/ledger/sqlite-db.ts';
import { DeviceRegistry } from '../../../server/gateway/device-registry.ts';
import { newDevice } from '../../../server/gateway/device-setup.ts';

const KEY16 = '00112233445566778899aabbccddeeff';

describe('newDevice', () => {
  it('defaults to the TARs and suites the adaptor firmware uses', () => {
    const d = newDevice({ msisdn: '+14088675309', kicKey: KEY16, kidKey: KEY16 }, 5);
    expect(toHex(d.serverTar)).toBe(toHex(SERVER_TAR));
    expect(toHex(d.replyTar)).toBe(toHex(PAYMENT_TAR));
    expect(d.kic).toEqual(AES_KIC);
    expect(d.kid).toEqual(AES_KID);
    expect(d.window).toMatchObject({ initial: 0, highest: 0, violations: 0, frozen: false });
    expect(d.installedAt).toBe(5);
  });

  it('refuses keys of the wrong length for the algorithm', () => {
    expect(() => newDevice({ msisdn: '+1', kicKey: '0011', kidKey: KEY16 }, 0)).toThrow(/KIc key/);
    const tdes = { suite: '3des-2key-mac', keyVersion: 1 } as const;
    expect(() =>
      newDevice({ msisdn: '+1', kicKey: KEY16, kidKey: '00'.repeat(24), kid: tdes }, 0),
    ).toThrow(/KID key/);
  });

  it('is stored and read back unchanged, window and freeze included', async () => {
    const registry = new DeviceRegistry(openSqlite(':memory:'));
    const kic = { suite: '3des-2key', keyVersion: 2 } as const;
    const kid = { suite: '3des-2key-mac', keyVersion: 2 } as const;
    const d = newDevice(
      {
        msisdn: '+14088675309',
        kicKey: KEY16,
        kidKey: KEY16,
        kic,
        kid,
        mode: 'one-higher',
        initialCounter: 41,
      },
      7,
    );
    const frozen = {
      ...d,
      window: {
        ...d.window,
        accepted: [{ counter: 42, fingerprint: Uint8Array.of(1, 2) }],
        frozen: true,
        violations: 3,
      },
    };
    await registry.put(frozen);
    expect(await registry.get(d.msisdn)).toEqual(frozen);
    expect(await registry.clearFreeze(d.msisdn)).toBe(true);
    expect((await registry.get(d.msisdn))?.window).toMatchObject({ frozen: false, violations: 0 });
    expect(await registry.clearFreeze('+19999999999')).toBe(false);
  });
});
