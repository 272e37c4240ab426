// The algorithms behind KIc and KID (ETSI TS 102 225 §5.1.2, §5.1.3): ciphering of the secured
// part and the RC/CC over header and data, each as a function of the key identifier and its key.
import {
  blockSizeOf,
  isValidKeyLength,
  type BlockCipherEngine,
  type BlockCipherName,
} from './block-cipher.ts';
import { cbcDecrypt, cbcEncrypt, ecbDecrypt, ecbEncrypt } from './cbc.ts';
import { cbcMac } from './cbc-mac.ts';
import { aesCmac } from './cmac.ts';
import { crc16, crc32 } from './crc.ts';
import type { Kic, Kid } from './key-identifier.ts';
import type { ChecksumType } from './spi.ts';

/** Keys for one TAR: KIc ciphers, KID checksums (TS 102 225 §5.1.2, §5.1.3). */
export interface OtaKeys {
  readonly kic?: Uint8Array;
  readonly kid?: Uint8Array;
}

/** Length of a cryptographic checksum in a secured packet (TS 102 225 §5.1.3.1). */
export const CC_LENGTH = 8;

/** How a KIc ciphers: which block cipher, in CBC or ECB mode; undefined for codings not defined. */
export function cipherOf(
  kic: Kic,
): { readonly cipher: BlockCipherName; readonly mode: 'cbc' | 'ecb' } | undefined {
  switch (kic.suite) {
    case 'des-cbc':
      return { cipher: 'des', mode: 'cbc' };
    case 'des-ecb':
      return { cipher: 'des', mode: 'ecb' };
    case '3des-2key':
      return { cipher: '3des-2key', mode: 'cbc' };
    case '3des-3key':
      return { cipher: '3des-3key', mode: 'cbc' };
    case 'aes-cbc':
      return { cipher: 'aes', mode: 'cbc' };
    default:
      return undefined;
  }
}

/** The block cipher behind a CC-type KID; undefined for CRCs and undefined codings. */
export function macCipherOf(kid: Kid): BlockCipherName | undefined {
  switch (kid.suite) {
    case 'des-cbc-mac':
      return 'des';
    case '3des-2key-mac':
      return '3des-2key';
    case '3des-3key-mac':
      return '3des-3key';
    case 'aes-cmac':
      return 'aes';
    default:
      return undefined;
  }
}

/** True when the KIc names a cipher this code implements and `key` suits it. */
export function canCipher(kic: Kic, key: Uint8Array | undefined): key is Uint8Array {
  const c = cipherOf(kic);
  return c !== undefined && key !== undefined && isValidKeyLength(c.cipher, key);
}

/** Block size the ciphered part is padded to; 1 when the KIc names no cipher. */
export function cipherBlockSize(kic: Kic): number {
  const c = cipherOf(kic);
  return c === undefined ? 1 : blockSizeOf(c.cipher);
}

/** Enciphers (`decrypt` false) or deciphers whole blocks as the KIc says; `canCipher` first. */
export function applyCipher(
  engine: BlockCipherEngine,
  kic: Kic,
  key: Uint8Array,
  data: Uint8Array,
  decrypt: boolean,
): Uint8Array {
  const c = cipherOf(kic);
  if (c === undefined) throw new RangeError(`KIc suite ${kic.suite} is not a cipher`);
  if (c.mode === 'ecb') {
    return decrypt
      ? ecbDecrypt(engine, c.cipher, key, data)
      : ecbEncrypt(engine, c.cipher, key, data);
  }
  return decrypt
    ? cbcDecrypt(engine, c.cipher, key, data)
    : cbcEncrypt(engine, c.cipher, key, data);
}

/**
 * Length of the RC/CC/DS field the SPI and KID call for: 0 without one, 8 for a CC, 2 or 4 for a
 * CRC; undefined when it cannot be known (DS, or a KID coding not defined here).
 */
export function checksumLength(type: ChecksumType, kid: Kid): number | undefined {
  if (type === 'none') return 0;
  if (type === 'cc') return macCipherOf(kid) === undefined ? undefined : CC_LENGTH;
  if (type === 'rc') return kid.suite === 'crc16' ? 2 : kid.suite === 'crc32' ? 4 : undefined;
  return undefined;
}

/** True when the checksum can be computed: RC needs no key, CC needs a key that suits the KID. */
export function canChecksum(type: ChecksumType, kid: Kid, key: Uint8Array | undefined): boolean {
  if (type === 'none') return true;
  if (type === 'rc') return checksumLength(type, kid) !== undefined;
  if (type !== 'cc') return false;
  const cipher = macCipherOf(kid);
  return cipher !== undefined && key !== undefined && isValidKeyLength(cipher, key);
}

/** The RC or CC over `data`, as many bytes as `checksumLength` says; `canChecksum` first. */
export function computeChecksum(
  engine: BlockCipherEngine,
  type: ChecksumType,
  kid: Kid,
  key: Uint8Array | undefined,
  data: Uint8Array,
): Uint8Array {
  if (type === 'none') return new Uint8Array(0);
  if (type === 'rc') {
    if (kid.suite === 'crc16') return bigEndian(crc16(data), 2);
    if (kid.suite === 'crc32') return bigEndian(crc32(data), 4);
  }
  const cipher = macCipherOf(kid);
  if (type !== 'cc' || cipher === undefined || key === undefined) {
    throw new RangeError(`no ${type} algorithm for KID suite ${kid.suite}`);
  }
  const mac = cipher === 'aes' ? aesCmac(engine, key, data) : cbcMac(engine, cipher, key, data);
  return mac.slice(0, CC_LENGTH);
}

function bigEndian(value: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = length - 1; i >= 0; i--) {
    out[i] = value & 0xff;
    value = Math.floor(value / 256);
  }
  return out;
}
