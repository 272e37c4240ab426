import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import {
  aesPayloadCipher,
  MAX_VOICE_PLAINTEXT,
  openVoicePayload,
  sealVoicePayload,
  VOICE_CC_LENGTH,
  type VoiceKeys,
} from '../../../modem/voice/payload-cipher-aes.ts';
import { asciiBytes, openPayload, sealPayload } from '../../../modem/voice/payload-codec.ts';
import { DecodeError, fromHex } from '../../../protocol/bytes/index.ts';
import { aesCmac } from '../../../protocol/ota/cmac.ts';
import { expectEveryTruncationDecodesOrRejects, fuzzDecoder } from '../../support/codec-checks.ts';

const engine = new NodeBlockCipherEngine();
const keys: VoiceKeys = {
  kic: fromHex('000102030405060708090a0b0c0d0e0f'),
  kid: fromHex('101112131415161718191a1b1c1d1e1f'),
};
const otherKeys: VoiceKeys = {
  kic: fromHex('2b7e151628aed2a6abf7158809cf4f3c'),
  kid: fromHex('603deb1015ca71be2b73aef0857d7781'),
};
const keypad = asciiBytes('10*014400000001*024400000002*031999*04PIN#');

const seal = (direction: 'request' | 'response', counter: number, data = keypad, k = keys) =>
  sealVoicePayload(engine, k, direction, counter, data);
const open = (direction: 'request' | 'response', counter: number, sealed: Uint8Array, k = keys) =>
  openVoicePayload(engine, k, direction, counter, sealed);

describe('voice payload cipher (AES-CBC under KIc, AES-CMAC under KID)', () => {
  it('lays out C || CC as documented, checked against OpenSSL AES-CBC with the derived IV', () => {
    const counter = 0x0102030405;
    const sealed = seal('request', counter);
    // IV = AES-ECB_KIc(01 || CNTR || 00×10); C = AES-CBC_KIc(IV, PCNTR || P || 00×PCNTR)
    const nonce = fromHex('01010203040500000000000000000000');
    const iv = createCipheriv('aes-128-ecb', keys.kic, null).setAutoPadding(false).update(nonce);
    const pcntr = (16 - ((keypad.length + 1) % 16)) % 16;
    const padded = new Uint8Array(1 + keypad.length + pcntr);
    padded[0] = pcntr;
    padded.set(keypad, 1);
    const c = createCipheriv('aes-128-cbc', keys.kic, iv).setAutoPadding(false).update(padded);
    expect(sealed.length).toBe(padded.length + VOICE_CC_LENGTH);
    expect(sealed.subarray(0, c.length)).toEqual(new Uint8Array(c));
    // CC = leftmost 8 bytes of AES-CMAC_KID(D || CNTR || C) (RFC 4493; TS 102 225 §5.1.3.1)
    const covered = Uint8Array.from([0x01, 1, 2, 3, 4, 5, ...c]);
    const cc = aesCmac(engine, keys.kid, covered).slice(0, 8);
    expect(sealed.subarray(c.length)).toEqual(cc);
  });

  it('round-trips requests and responses of every length, 128/192/256-bit keys', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: MAX_VOICE_PLAINTEXT }),
        fc.integer({ min: 0, max: 2 ** 40 - 1 }),
        fc.constantFrom(16, 24, 32),
        (plaintext, counter, keyLength) => {
          const k = { kic: new Uint8Array(keyLength).fill(3), kid: new Uint8Array(16).fill(9) };
          for (const direction of ['request', 'response'] as const) {
            const sealed = seal(direction, counter, plaintext, k);
            expect(sealed.length % 16).toBe(8);
            expect(open(direction, counter, sealed, k)).toEqual({ kind: 'opened', plaintext });
          }
        },
      ),
      { numRuns: 200, seed: 4493 },
    );
  });

  it('never reuses an IV between a request and its response under the same counter', () => {
    const request = seal('request', 77);
    const response = seal('response', 77);
    expect(request.subarray(0, 16)).not.toEqual(response.subarray(0, 16));
    expect(request.subarray(-8)).not.toEqual(response.subarray(-8));
  });

  it('refuses a payload with any byte changed', () => {
    const sealed = seal('request', 5);
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i] = tampered[i]! ^ 0x01;
      expect(open('request', 5, tampered), `byte ${i}`).toEqual({ kind: 'bad-checksum' });
    }
  });

  it('refuses a response reflected as a request, and a request reflected back', () => {
    expect(open('request', 9, seal('response', 9))).toEqual({ kind: 'bad-checksum' });
    expect(open('response', 9, seal('request', 9))).toEqual({ kind: 'bad-checksum' });
  });

  it('refuses a payload opened under another counter', () => {
    expect(open('request', 10, seal('request', 11))).toEqual({ kind: 'bad-checksum' });
  });

  it('refuses another adaptor’s keys, or another KID', () => {
    expect(open('request', 1, seal('request', 1), otherKeys)).toEqual({ kind: 'bad-checksum' });
    const otherKid = { kic: keys.kic, kid: otherKeys.kid };
    expect(open('request', 1, seal('request', 1), otherKid)).toEqual({ kind: 'bad-checksum' });
  });

  it('never returns the plaintext under the right KID but another KIc', () => {
    const otherKic = { kic: otherKeys.kic, kid: keys.kid };
    const result = open('request', 1, seal('request', 1), otherKic);
    expect(result).not.toEqual({ kind: 'opened', plaintext: keypad });
  });

  it('rejects malformed lengths with DecodeError: short, not whole blocks, too long', () => {
    const sealed = seal('request', 3);
    expectEveryTruncationDecodesOrRejects(sealed, (b) => {
      expect(open('request', 3, b).kind).not.toBe('opened');
    });
    expect(() => open('request', 3, new Uint8Array(23))).toThrow(/VOICE_SEALED_SHORT/);
    expect(() => open('request', 3, new Uint8Array(25))).toThrow(/VOICE_SEALED_BLOCKS/);
    expect(() => open('request', 3, new Uint8Array(168))).toThrow(/VOICE_SEALED_LONG/);
    fuzzDecoder((b) => open('request', 3, b), { numRuns: 500, maxLength: 200 });
  });

  it('refuses bad keys, counters and over-long plaintexts as RangeError', () => {
    expect(() => seal('request', 1, keypad, { kic: new Uint8Array(8), kid: keys.kid })).toThrow(
      RangeError,
    );
    expect(() => seal('request', 2 ** 40)).toThrow(RangeError);
    expect(() => seal('request', 1, new Uint8Array(MAX_VOICE_PLAINTEXT + 1))).toThrow(RangeError);
    expect(() =>
      aesPayloadCipher({
        engine,
        keys: { kic: keys.kic, kid: new Uint8Array(5) },
        sends: 'request',
      }),
    ).toThrow(RangeError);
  });
});

describe('the PayloadCipher of each end', () => {
  const caller = aesPayloadCipher({ engine, keys, sends: 'request' });
  const ivr = aesPayloadCipher({ engine, keys, sends: 'response' });
  const text = '10*014400000001*024400000002*031999*04PIN#';

  it('carries a request to the IVR and its response back under the same counter', async () => {
    const up = await sealPayload(text, { cipher: caller, counter: 4242 });
    expect(up).toMatch(/^\*4242\*(\d{3})+$/);
    expect(await openPayload(up, ivr)).toEqual({ keypad: text, counter: 4242 });
    const down = await sealPayload('11*010*021999#', { cipher: ivr, counter: 4242 });
    expect(await openPayload(down, caller)).toEqual({ keypad: '11*010*021999#', counter: 4242 });
  });

  it('rejects a reflected payload at either end with DecodeError VOICE_BAD_CHECKSUM', async () => {
    const up = await sealPayload(text, { cipher: caller, counter: 1 });
    const down = await sealPayload('11*010*021999#', { cipher: ivr, counter: 1 });
    await expect(openPayload(up, caller)).rejects.toThrow(DecodeError);
    await expect(openPayload(down, ivr)).rejects.toThrow(/VOICE_BAD_CHECKSUM/);
  });

  it('rejects a payload whose counter in the clear was changed', async () => {
    const up = await sealPayload(text, { cipher: caller, counter: 100 });
    await expect(openPayload(up.replace('*100*', '*101*'), ivr)).rejects.toThrow(
      /VOICE_BAD_CHECKSUM/,
    );
  });

  it('reports a payload that authenticates but does not decipher as VOICE_BAD_PADDING', async () => {
    const wrongKic = aesPayloadCipher({
      engine,
      keys: { ...keys, kic: otherKeys.kic },
      sends: 'response',
    });
    const outcomes = new Set<string>();
    for (let counter = 0; counter < 40; counter++) {
      const up = await sealPayload(text, { cipher: caller, counter });
      const opened = await openPayload(up, wrongKic).then(
        (o) => o.keypad,
        (e: unknown) => (e instanceof DecodeError ? e.code : 'other'),
      );
      outcomes.add(
        opened === text ? 'plaintext' : opened.startsWith('VOICE_') ? opened : 'garbage',
      );
    }
    expect(outcomes.has('plaintext')).toBe(false);
    expect(outcomes.has('VOICE_BAD_PADDING')).toBe(true);
  });
});
