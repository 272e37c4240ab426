// The fixtures in fixtures/apdu/ decoded field by field against the clauses their comments cite,
// independently of the SMS and CAT codecs, so that a wrong byte in a fixture fails here.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeSwappedBcd, toHex } from '../../../protocol/bytes/index.ts';
import { parseApduTrace, type TraceEntry } from '../../../protocol/trace/index.ts';

const dir = new URL('../../../fixtures/apdu/', import.meta.url);
const load = (name: string) => parseApduTrace(readFileSync(new URL(name, dir), 'utf8'));
type Apdu = Extract<TraceEntry, { kind: 'apdu' }>;
const apdus = (name: string) => load(name).filter((e): e is Apdu => e.kind === 'apdu');

/** TS 23.038 §6.1.2.1: septet i at bit 7i of an LSB-first stream. */
function unpack7(bytes: Uint8Array, septets: number, fillBits = 0): string {
  let text = '';
  for (let i = 0; i < septets; i++) {
    const bit = fillBits + 7 * i;
    const pair = bytes[bit >> 3]! | ((bytes[(bit >> 3) + 1] ?? 0) << 8);
    text += String.fromCharCode((pair >> (bit & 7)) & 0x7f);
  }
  return text;
}

/** BER-TLV / COMPREHENSION-TLV objects with one-byte lengths (TS 102 223 §7.1, annex C). */
function tlvs(bytes: Uint8Array): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (let i = 0; i < bytes.length;) {
    const tag = bytes[i]!;
    const length = bytes[i + 1]!;
    expect(length, `tag ${tag.toString(16)}`).toBeLessThan(0x80);
    expect(i + 2 + length, `tag ${tag.toString(16)} fits`).toBeLessThanOrEqual(bytes.length);
    out.set(tag & 0x7f, bytes.subarray(i + 2, i + 2 + length));
    i += 2 + length;
  }
  return out;
}

/** TS 23.040 §9.1.2.5 address: length in digits, TOA, swapped BCD. Returns digits and size. */
function address(bytes: Uint8Array, at: number): { digits: string; size: number; toa: number } {
  const digitCount = bytes[at]!;
  const octets = Math.ceil(digitCount / 2);
  const digits = decodeSwappedBcd(bytes.subarray(at + 2, at + 2 + octets), digitCount);
  return { digits, size: 2 + octets, toa: bytes[at + 1]! };
}

describe('fixtures/apdu', () => {
  it('every fixture parses and carries provenance', () => {
    const names = readdirSync(dir).filter((n) => n.endsWith('.trace'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) {
      expect(load(name).length, name).toBeGreaterThan(0);
      expect(readFileSync(new URL(name, dir), 'utf8'), name).toMatch(/# Provenance: /);
    }
  });

  it('sms-pp-download: ENVELOPE D1 with an SMS-DELIVER, PID 7F, DCS F6, IEI 70, PoR by 61xx', () => {
    const [envelope, getResponse] = apdus('sms-pp-download.trace');
    const c = envelope!.command;
    expect(toHex(c.subarray(0, 4))).toBe('80c20000');
    expect(c[4]).toBe(c.length - 5);
    expect(c[5]).toBe(0xd1);
    expect(c[6]).toBe(c.length - 7);
    const objects = tlvs(c.subarray(7));
    expect(toHex(objects.get(0x02)!)).toBe('8381');
    expect(toHex(objects.get(0x06)!)).toBe('910458550010');
    const tpdu = objects.get(0x0b)!;
    expect(tpdu[0]! & 0x03).toBe(0);
    expect(tpdu[0]! & 0x40).toBe(0x40);
    const oa = address(tpdu, 1);
    expect([oa.digits, oa.toa]).toEqual(['4085551212', 0x91]);
    const at = 1 + oa.size;
    expect(toHex(tpdu.subarray(at, at + 2))).toBe('7ff6');
    const udl = tpdu[at + 9]!;
    const ud = tpdu.subarray(at + 10);
    expect(ud.length).toBe(udl);
    expect(toHex(ud.subarray(0, 3))).toBe('027000');
    const cpl = (ud[3]! << 8) | ud[4]!;
    expect(cpl).toBe(ud.length - 5);
    expect(ud[5]).toBe(13);
    expect(envelope!.response.length).toBe(2);
    expect(envelope!.response[0]).toBe(0x61);
    const por = getResponse!.response;
    expect(toHex(getResponse!.command)).toBe('00c00000' + toHex(envelope!.response.subarray(1)));
    expect(por.length - 2).toBe(envelope!.response[1]);
    expect(toHex(por.subarray(0, 3))).toBe('027100');
    expect((por[3]! << 8) | por[4]!).toBe(por.length - 2 - 5);
    expect(toHex(por.subarray(6, 15))).toBe(toHex(ud.subarray(10, 19)));
    expect(toHex(por.subarray(por.length - 3))).toBe('009000');
  });

  it('send-short-message: 91xx, FETCH of SEND SHORT MESSAGE "test text", TERMINAL RESPONSE', () => {
    const [status, fetch, terminalResponse] = apdus('send-short-message.trace');
    expect(toHex(status!.response)).toBe('912a');
    expect(toHex(fetch!.command)).toBe('801200002a');
    const r = fetch!.response;
    expect(r.length - 2).toBe(0x2a);
    expect(r[0]).toBe(0xd0);
    expect(r[1]).toBe(r.length - 4);
    const objects = tlvs(r.subarray(2, r.length - 2));
    expect(toHex(objects.get(0x01)!)).toBe('011300');
    expect(toHex(objects.get(0x02)!)).toBe('8183');
    expect(new TextDecoder().decode(objects.get(0x05)!)).toBe('Sending');
    const submit = objects.get(0x0b)!;
    expect(submit[0]! & 0x03).toBe(1);
    const da = address(submit, 2);
    expect([da.digits, da.toa]).toEqual(['4085551212', 0x91]);
    const at = 2 + da.size;
    expect(toHex(submit.subarray(at, at + 2))).toBe('0000');
    expect(submit.length).toBe(at + 3 + Math.ceil((submit[at + 2]! * 7) / 8));
    expect(unpack7(submit.subarray(at + 3), submit[at + 2]!)).toBe('test text');
    const tr = terminalResponse!.command;
    expect(tr[4]).toBe(tr.length - 5);
    expect(toHex(tr)).toBe('801400000c' + '810301130082028281830100');
    expect(toHex(terminalResponse!.response)).toBe('9000');
  });

  it('update-record-ef-sms: SELECT 7F10/6F3C, a 176-byte record with readable text, read back', () => {
    const [df, ef, update, read] = apdus('update-record-ef-sms.trace');
    expect(toHex(df!.command)).toBe('a0a40000027f10');
    expect(toHex(ef!.command)).toBe('a0a40000026f3c');
    expect(toHex(update!.command.subarray(0, 5))).toBe('a0dc0104b0');
    const record = update!.command.subarray(5);
    expect(record.length).toBe(176);
    expect(record[0]).toBe(0x03);
    const scLength = record[1]!;
    expect(toHex(record.subarray(2, 2 + scLength))).toBe('910458550010');
    const tpdu = record.subarray(2 + scLength);
    expect(tpdu[0]! & 0x03).toBe(0);
    const oa = address(tpdu, 1);
    expect(oa.digits).toBe('4085551212');
    const at = 1 + oa.size;
    expect(toHex(tpdu.subarray(at, at + 2))).toBe('0000');
    const udl = tpdu[at + 9]!;
    const octets = Math.ceil((udl * 7) / 8);
    expect(unpack7(tpdu.subarray(at + 10), udl)).toBe('Payment received 12.50');
    expect(tpdu.subarray(at + 10 + octets).every((b) => b === 0xff)).toBe(true);
    expect(toHex(read!.command)).toBe('a0b20104b0');
    expect(toHex(read!.response)).toBe(toHex(record) + '9000');
  });

  it('handset-start-up: ATR offering T=0, ICCID with a valid Luhn digit, test IMSI', () => {
    const entries = load('handset-start-up.trace');
    const atr = entries[0]!;
    expect(atr.kind).toBe('atr');
    if (atr.kind !== 'atr') return;
    expect(atr.atr[0]).toBe(0x3b);
    const t0 = atr.atr[1]!;
    expect(atr.atr.length).toBe(2 + 2 + (t0 & 0x0f));
    expect(atr.atr[3]! & 0x0f).toBe(0);
    const reads = apdus('handset-start-up.trace').filter((e) => e.command[1] === 0xb0);
    const iccid = decodeSwappedBcd(reads[0]!.response.subarray(0, 10));
    expect(iccid).toBe('89001010000000000018');
    const luhn = [...iccid].reverse().reduce((sum, ch, i) => {
      const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return sum + (d > 9 ? d - 9 : d);
    }, 0);
    expect(luhn % 10).toBe(0);
    const imsi = reads[1]!.response.subarray(0, 9);
    expect(imsi[0]).toBe(8);
    expect(imsi[1]! & 0x0f).toBe(0x09);
    const digits = (imsi[1]! >> 4).toString() + decodeSwappedBcd(imsi.subarray(2));
    expect(digits).toBe('001010123456789');
  });
});
