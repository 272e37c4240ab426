// Keys and security settings shared by the secured-packet tests.
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import type { Kic, Kid, OtaKeys, Spi } from '../../../protocol/ota/index.ts';

export const engine = new NodeBlockCipherEngine();
export const TAR = fromHex('b00011');

/** One cipher suite with its KIc, KID and keys. */
export interface Suite {
  readonly name: string;
  readonly kic: Kic;
  readonly kid: Kid;
  readonly keys: OtaKeys;
}

const bytes = (length: number, start: number) =>
  Uint8Array.from({ length }, (_, i) => (start + i * 7) & 0xff);

export const SUITES: readonly Suite[] = [
  suite('AES-128 CBC + CMAC', 'aes-cbc', 'aes-cmac', 16),
  suite('AES-192 CBC + CMAC', 'aes-cbc', 'aes-cmac', 24),
  suite('AES-256 CBC + CMAC', 'aes-cbc', 'aes-cmac', 32),
  suite('3DES 2-key CBC + CBC-MAC', '3des-2key', '3des-2key-mac', 16),
  suite('3DES 3-key CBC + CBC-MAC', '3des-3key', '3des-3key-mac', 24),
  suite('DES CBC + CBC-MAC', 'des-cbc', 'des-cbc-mac', 8),
  suite('DES ECB + CBC-MAC', 'des-ecb', 'des-cbc-mac', 8),
];

function suite(name: string, kic: string, kid: string, keyLength: number): Suite {
  return {
    name,
    kic: { suite: kic, keyVersion: 1 } as Kic,
    kid: { suite: kid, keyVersion: 1 } as Kid,
    keys: { kic: bytes(keyLength, 1), kid: bytes(keyLength, 101) },
  };
}

/** An SPI with the given command security; PoR always, by SMS-SUBMIT, with CC and ciphering. */
export function spiOf(
  checksum: Spi['checksum'],
  ciphering: boolean,
  counter: Spi['counter'] = 'higher',
): Spi {
  return {
    checksum,
    ciphering,
    counter,
    por: 'always',
    porChecksum: 'cc',
    porCiphering: true,
    porViaSubmit: true,
  };
}

/** A seeded run of pseudo-random bytes (for data in round trips). */
export function sampleData(length: number, seed: number): Uint8Array {
  let x = seed * 2654435761;
  return Uint8Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x >>> 24;
  });
}
