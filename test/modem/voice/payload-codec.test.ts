import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import {
  isSealed,
  openPayload,
  refusalCode,
  refusalPayload,
  sealPayload,
} from '../../../modem/voice/payload-codec.ts';
import { xorTestCipher } from './test-cipher.ts';

const keypad = '10*01123*02456*031500#';

describe('frame payloads', () => {
  it('carries a plain keypad message without its terminator', async () => {
    expect(await sealPayload(keypad)).toBe('10*01123*02456*031500');
    expect(await openPayload('10*01123*02456*031500')).toEqual({ keypad });
  });

  it('carries an encrypted message as *counter*digits, 3 digits a byte, and opens it again', async () => {
    const cipher = xorTestCipher(0x5a);
    const sealed = await sealPayload(keypad, { cipher, counter: 42 });
    expect(sealed).toMatch(/^\*42\*(\d{3})+$/);
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.length).toBe(4 + 3 * keypad.length);
    expect(sealed).not.toContain('123');
    expect(await openPayload(sealed, cipher)).toEqual({ keypad, counter: 42 });
  });

  it('uses the counter: the same message under two counters differs', async () => {
    const cipher = xorTestCipher(0x5a);
    const a = await sealPayload(keypad, { cipher, counter: 1 });
    const b = await sealPayload(keypad, { cipher, counter: 2 });
    expect(a.slice(3)).not.toBe(b.slice(3));
  });

  it.each([
    ['*42*12', 'VOICE_BAD_SEALED'],
    ['*42*256', 'VOICE_BAD_SEALED'],
    ['*01*123', 'VOICE_BAD_SEALED'],
    ['*9999999999999*123', 'VOICE_BAD_SEALED'],
    [`*1*${'001'.repeat(161)}`, 'VOICE_BAD_SEALED'],
  ])('rejects %s', async (payload, code) => {
    await expect(openPayload(payload, xorTestCipher(1))).rejects.toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('rejects an encrypted payload when no key is configured', async () => {
    await expect(openPayload('*1*001')).rejects.toThrow(DecodeError);
  });

  it('refuses a plain payload when a cipher is configured, instead of skipping decryption', async () => {
    await expect(openPayload('11*010*0277', xorTestCipher(1))).rejects.toThrow(
      expect.objectContaining({ code: 'VOICE_NOT_SEALED' }),
    );
    await expect(openPayload('**400', xorTestCipher(1))).rejects.toThrow(
      expect.objectContaining({ code: 'VOICE_NOT_SEALED' }),
    );
  });

  it('writes the refusal as **code, distinct from plain and sealed payloads', () => {
    expect(refusalPayload(400)).toBe('**400');
    expect(refusalPayload(409)).toBe('**409');
    expect(refusalCode('**409')).toBe(409);
    expect(isSealed('**400')).toBe(false);
    expect(refusalCode('**401')).toBeUndefined();
    expect(refusalCode('*1*001')).toBeUndefined();
    expect(refusalCode('90*01400')).toBeUndefined();
  });
});
