// ETSI TS 102 225 §5.1.2 KIc and §5.1.3 KID: one octet each, key version number in b8-b5,
// algorithm in b2b1 and its mode in b4b3 (for KID the meaning depends on the SPI checksum type).

/** Cipher suites a KIc names (b2b1 = 01 DES family, 10 AES). */
export type CipherSuite = 'des-cbc' | '3des-2key' | '3des-3key' | 'des-ecb' | 'aes-cbc';

/** Checksum suites a KID names: CC (§5.1.3.1) or, when the SPI says RC, a CRC (§5.1.3.2). */
export type ChecksumSuite =
  'des-cbc-mac' | '3des-2key-mac' | '3des-3key-mac' | 'aes-cmac' | 'crc16' | 'crc32';

/** Codings with no algorithm defined here: implicitly known, proprietary, or reserved. */
export interface OtherKeyCoding {
  readonly suite: 'implicit' | 'proprietary' | 'reserved';
  readonly keyVersion: number;
  /** b4-b1 as received, so that encoding gives the same octet back. */
  readonly bits: number;
}

export type Kic = { readonly suite: CipherSuite; readonly keyVersion: number } | OtherKeyCoding;
export type Kid = { readonly suite: ChecksumSuite; readonly keyVersion: number } | OtherKeyCoding;

const KIC_SUITES: Readonly<Record<number, CipherSuite>> = {
  0b0001: 'des-cbc',
  0b0101: '3des-2key',
  0b1001: '3des-3key',
  0b1101: 'des-ecb',
  0b0010: 'aes-cbc',
};

const KID_CC_SUITES: Readonly<Record<number, ChecksumSuite>> = {
  0b0001: 'des-cbc-mac',
  0b0101: '3des-2key-mac',
  0b1001: '3des-3key-mac',
  0b0010: 'aes-cmac',
};

const KID_RC_SUITES: Readonly<Record<number, ChecksumSuite>> = {
  0b0001: 'crc16',
  0b0101: 'crc32',
};

/** Decodes a KIc octet. */
export function decodeKic(octet: number): Kic {
  return decodeKey(octet, KIC_SUITES);
}

/** Decodes a KID octet; `redundancyCheck` when the SPI checksum type is RC. */
export function decodeKid(octet: number, redundancyCheck = false): Kid {
  return decodeKey(octet, redundancyCheck ? KID_RC_SUITES : KID_CC_SUITES);
}

/** Encodes a KIc or KID as one octet. */
export function encodeKeyIdentifier(key: Kic | Kid): number {
  checkVersion(key.keyVersion);
  if ('bits' in key) return (key.keyVersion << 4) | (key.bits & 0x0f);
  const tables = [KIC_SUITES, KID_CC_SUITES, KID_RC_SUITES];
  for (const table of tables) {
    for (const [bits, suite] of Object.entries(table)) {
      if (suite === key.suite) return (key.keyVersion << 4) | Number(bits);
    }
  }
  throw new RangeError(`unknown key suite ${key.suite}`);
}

function decodeKey<S extends string>(
  octet: number,
  table: Readonly<Record<number, S>>,
): { readonly suite: S; readonly keyVersion: number } | OtherKeyCoding {
  const keyVersion = octet >> 4;
  const bits = octet & 0x0f;
  const suite = table[bits];
  if (suite !== undefined) return { suite, keyVersion };
  const algorithm = bits & 0x03;
  const other = algorithm === 0 ? 'implicit' : algorithm === 3 ? 'proprietary' : 'reserved';
  return { suite: other, keyVersion, bits };
}

function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 0 || version > 15) {
    throw new RangeError(`key version must be 0-15, got ${version}`);
  }
}
