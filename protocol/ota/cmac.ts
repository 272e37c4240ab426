// AES-CMAC (RFC 4493, NIST SP 800-38B), the cryptographic checksum ETSI TS 102 225 §5.1.3.1 names
// for AES; secured packets carry its leftmost 8 bytes.
import { type BlockCipherEngine, isValidKeyLength } from './block-cipher.ts';
import { cbcEncrypt } from './cbc.ts';

const BLOCK = 16;
const RB = 0x87;

/** The CMAC subkeys K1 and K2 (RFC 4493 §2.3). */
export function cmacSubkeys(
  engine: BlockCipherEngine,
  key: Uint8Array,
): { readonly k1: Uint8Array; readonly k2: Uint8Array } {
  if (!isValidKeyLength('aes', key)) {
    throw new RangeError(`AES-CMAC needs a 16, 24 or 32-byte key, got ${key.length}`);
  }
  const l = engine.encryptBlocks('aes', key, new Uint8Array(BLOCK));
  const k1 = doubleBlock(l);
  return { k1, k2: doubleBlock(k1) };
}

/** The full 16-byte AES-CMAC of `message` (RFC 4493 §2.4). */
export function aesCmac(
  engine: BlockCipherEngine,
  key: Uint8Array,
  message: Uint8Array,
): Uint8Array {
  const { k1, k2 } = cmacSubkeys(engine, key);
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const blocks = complete ? message.length / BLOCK : Math.floor(message.length / BLOCK) + 1;
  const input = new Uint8Array(blocks * BLOCK);
  input.set(message);
  const lastStart = (blocks - 1) * BLOCK;
  if (!complete) input[message.length] = 0x80;
  const subkey = complete ? k1 : k2;
  for (let i = 0; i < BLOCK; i++) input[lastStart + i] = input[lastStart + i]! ^ subkey[i]!;
  return cbcEncrypt(engine, 'aes', key, input).slice(lastStart);
}

/** Shift left by one bit, XOR Rb when the top bit fell out (RFC 4493 §2.3 "generate subkey"). */
function doubleBlock(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK);
  for (let i = 0; i < BLOCK; i++) {
    out[i] = ((block[i]! << 1) | (i + 1 < BLOCK ? block[i + 1]! >> 7 : 0)) & 0xff;
  }
  if ((block[0]! & 0x80) !== 0) out[BLOCK - 1] = out[BLOCK - 1]! ^ RB;
  return out;
}
