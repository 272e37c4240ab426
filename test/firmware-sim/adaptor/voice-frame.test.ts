// The adaptor's voice request frame (docs/voice-protocol.md "Calls from the SIM adaptor"): the
// keypad message sealed under the adaptor's counter with its AES keys (TS 102 225 §5.1.1 CNTR),
// framed with sequence digit and CRC-16/CCITT (ITU-T V.41), read back by the IVR's frame parser,
// payload codec and keypad decoder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keypadVoiceEncoder } from '../../../firmware-sim/adaptor/index.ts';
import {
  ADAPTOR_FRAME_COPIES,
  ADAPTOR_FRAME_SEQ,
  sealedVoicePayload,
  voiceRequestFrame,
} from '../../../firmware-sim/adaptor/voice-frame.ts';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { decodeFrame } from '../../../modem/framing/frame.ts';
import { FrameParser } from '../../../modem/framing/frame-parser.ts';
import { decodeKeypadRequest } from '../../../modem/keypad/keypad-codec.ts';
import { aesPayloadCipher } from '../../../modem/voice/payload-cipher-aes.ts';
import { openPayload } from '../../../modem/voice/payload-codec.ts';
import { loadFixtureTable } from '../../modem/voice/table-fixture.ts';
import { engine, serverKeys, TEST_SETTINGS } from './support.ts';

const table = loadFixtureTable();
const ivrCipher = aesPayloadCipher({ engine, keys: serverKeys, sends: 'response' });
const encoder = keypadVoiceEncoder(table, '+14085550031');
const PAY = { keyword: 'PAY', amount: '15.00', target: '14085550032', pin: '1111' } as const;
const seal = (counter: number) => ({ keys: TEST_SETTINGS.keys, engine, counter });

/** What the IVR makes of the digits: the frame, then the opened payload, then the request. */
async function ivrReads(digits: string) {
  const parsed = new FrameParser().push(digits);
  expect(parsed).toHaveLength(1);
  const first = parsed[0];
  if (first?.kind !== 'frame' || first.frame.kind !== 'data') throw new Error('no data frame');
  const opened = await openPayload(first.frame.payload, ivrCipher);
  return {
    seq: first.frame.seq,
    counter: opened.counter,
    request: decodeKeypadRequest(table, opened.keypad),
  };
}

describe('adaptor voice request frame', () => {
  it('is a data frame of seq 0, sent twice, that the IVR opens under the counter', async () => {
    expect([ADAPTOR_FRAME_SEQ, ADAPTOR_FRAME_COPIES]).toEqual([0, 2]);
    const digits = voiceRequestFrame(encoder.keypadMessage(PAY), seal(7));
    expect(digits).toMatch(/^0\*7\*(\d{3})+\d{5}#$/);
    expect(await ivrReads(digits)).toEqual({
      seq: 0,
      counter: 7,
      request: {
        commandId: 10,
        params: { 1: '14085550031', 2: '14085550032', 3: 1500, 4: '1111' },
      },
    });
  });

  it('seals 1 + 49 + 14 bytes of padding and the 8-byte CC: 72 bytes, 216 digits (TS 102 225 §5.1.2)', () => {
    const keypad = encoder.keypadMessage(PAY);
    expect(keypad).toHaveLength(49);
    const payload = sealedVoicePayload(keypad, seal(7));
    expect(payload.length - '*7*'.length).toBe(216);
  });

  it('differs under another counter and fails the IVR checksum under other keys', async () => {
    const keypad = encoder.keypadMessage(PAY);
    expect(sealedVoicePayload(keypad, seal(8)).slice(3)).not.toBe(
      sealedVoicePayload(keypad, seal(7)).slice(3),
    );
    const other = { kic: TEST_SETTINGS.keys.kid, kid: TEST_SETTINGS.keys.kic };
    const payload = sealedVoicePayload(keypad, { keys: other, engine, counter: 7 });
    await expect(openPayload(payload, ivrCipher)).rejects.toMatchObject({
      code: 'VOICE_BAD_CHECKSUM',
    });
  });

  it('is rejected by the IVR at every truncation and at every single changed digit', () => {
    const digits = voiceRequestFrame(encoder.keypadMessage(PAY), seal(3));
    for (let length = 0; length < digits.length; length++)
      expect(() => decodeFrame(digits.slice(0, length))).toThrow(DecodeError);
    for (let i = 0; i < digits.length - 1; i++) {
      const changed = String.fromCharCode(((digits.charCodeAt(i) - 47) % 10) + 48);
      const damaged = digits.slice(0, i) + changed + digits.slice(i + 1);
      expect(() => decodeFrame(damaged), `digit ${i} changed`).toThrow(DecodeError);
    }
  });

  it('refuses a counter outside the 5-byte CNTR with RangeError', () => {
    const keypad = encoder.keypadMessage(PAY);
    expect(() => voiceRequestFrame(keypad, seal(2 ** 40))).toThrow(RangeError);
    expect(() => voiceRequestFrame(keypad, seal(-1))).toThrow(RangeError);
  });

  it('carries any payment request of the menu to the IVR unchanged (seeded)', async () => {
    const requests = fc.record({
      whole: fc.integer({ min: 0, max: 99_999 }),
      cents: fc.integer({ min: 0, max: 99 }),
      target: fc.stringMatching(/^[1-9]\d{6,14}$/),
      pin: fc.stringMatching(/^\d{4,8}$/),
      counter: fc.integer({ min: 1, max: 2 ** 40 - 1 }),
    });
    await fc.assert(
      fc.asyncProperty(requests, async ({ whole, cents, target, pin, counter }) => {
        const amount = `${whole}.${String(cents).padStart(2, '0')}`;
        const keypad = encoder.keypadMessage({ keyword: 'PAY', amount, target, pin });
        const read = await ivrReads(voiceRequestFrame(keypad, seal(counter)));
        expect(read.counter).toBe(counter);
        expect(read.request.params).toEqual({
          1: '14085550031',
          2: target,
          3: whole * 100 + cents,
          4: pin,
        });
      }),
      { seed: 42, numRuns: 60 },
    );
  });
});
