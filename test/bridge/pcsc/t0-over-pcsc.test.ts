// ISO/IEC 7816-3 §10.3.3 / TS 102 221 §7.3.1 through a TPDU-level PC/SC reader: GET RESPONSE
// after 61xx/9Fxx, re-send after 6Cxx, one TPDU only when follow-ups are off, T=0 violations.
import { describe, expect, it } from 'vitest';
import { DecodeError, fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import { transmitT0 } from '../../../bridge/pcsc/t0-over-pcsc.ts';

/** A scripted reader: each TPDU sent must match the next entry; answers its response. */
function script(pairs: readonly (readonly [string, string])[]) {
  const sent: string[] = [];
  let i = 0;
  const send = async (tpdu: Uint8Array): Promise<Uint8Array> => {
    const [expected, answer] = pairs[i++] ?? ['(none)', ''];
    sent.push(toHex(tpdu));
    expect(toHex(tpdu)).toBe(expected);
    return fromHex(answer);
  };
  return { send, sent, done: () => i === pairs.length };
}

const selectMf = commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00'));

describe('T=0 over PC/SC', () => {
  it('fetches 61xx data with GET RESPONSE on the same channel (TS 102 221 §7.3.1.1.4)', async () => {
    const s = script([
      ['00a40004023f00', '6103'],
      ['00c0000003', '6201029000'],
    ]);
    const r = await transmitT0(selectMf, s.send);
    expect([toHex(r.response.data), r.response.sw.toString(16)]).toEqual(['620102', '9000']);
    expect(r.exchanges.map((e) => e.sw.toString(16))).toEqual(['6103', '9000']);
    expect(s.done()).toBe(true);
  });

  it('uses CLA A0 after 9Fxx on a GSM SIM (TS 51.011 §9.4.1)', async () => {
    const s = script([
      ['a0a40000023f00', '9f02'],
      ['a0c0000002', 'abcd9000'],
    ]);
    const r = await transmitT0(commandApdu(0xa0, 0xa4, 0, 0, fromHex('3f00')), s.send);
    expect(toHex(r.response.data)).toBe('abcd');
  });

  it('re-sends a case-2 command with P3 = xx after 6Cxx (ISO/IEC 7816-3 §10.3.3)', async () => {
    const s = script([
      ['00b0000000', '6c04'],
      ['00b0000004', '010203049000'],
    ]);
    const r = await transmitT0(commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 256), s.send);
    expect(toHex(r.response.data)).toBe('01020304');
    expect(r.exchanges).toHaveLength(2);
  });

  it('sends exactly one TPDU when follow-ups are off, as the CardLink contract asks', async () => {
    const s = script([['00a40004023f00', '6122']]);
    const r = await transmitT0(selectMf, s.send, { getResponse: false, resendOnWrongLe: false });
    expect(r.response.sw).toBe(0x6122);
    expect(s.done()).toBe(true);
  });

  it('drops a case-4 Le: over T=0 the TPDU carries Lc only', async () => {
    const s = script([['00a4040402a000', '9000']]);
    const apdu = commandApdu(0x00, 0xa4, 0x04, 0x04, fromHex('a000'), 256);
    expect((await transmitT0(apdu, s.send)).response.sw).toBe(0x9000);
  });

  it('returns fewer bytes than P3 asked for, as a card may (ISO/IEC 7816-3 §10.3.3)', async () => {
    const s = script([['00b000000a', '01029000']]);
    const r = await transmitT0(commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 10), s.send);
    expect(toHex(r.response.data)).toBe('0102');
  });

  it.each([
    ['', 'T0_SHORT_RESPONSE'],
    ['90', 'T0_SHORT_RESPONSE'],
    ['0190', 'T0_BAD_STATUS'],
    ['6000', 'T0_BAD_STATUS'],
    ['aa9000', 'T0_UNEXPECTED_DATA'],
  ])('rejects the answer %s to a case-3 TPDU with %s', async (answer, code) => {
    const error = await transmitT0(selectMf, async () => fromHex(answer)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).code).toBe(code);
  });

  it('rejects more data than P3 announced', async () => {
    const apdu = commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 1);
    const error = await transmitT0(apdu, async () => fromHex('01029000')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DecodeError);
  });
});
