// GSM class (CLA A0) commands of TS 51.011 §9.2 on the virtual SIM, one row per behaviour.
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { fixtureSim, pinHex, send } from './sim-driver.ts';

const VERIFY = `a020000108${pinHex('1234')}`;
const MF = 'a0a40000023f00';
const TELECOM = 'a0a40000027f10';
const GSM = 'a0a40000027f20';
const LOCI = 'a0a40000026f7e';
const ADM = `a020000a08${pinHex('88888888')}`;

/** [clause and behaviour, commands sent first, command, expected `data sw`] */
const rows: ReadonlyArray<readonly [string, readonly string[], string, string]> = [
  ['§9.2.1 SELECT MF: 34 bytes via 9F22', [], MF, '9f22'],
  ['§9.2.1 SELECT EF_ICCID: 15 bytes via 9F0F', [MF], 'a0a40000022fe2', '9f0f'],
  [
    '§9.2.1 EF response: size 10, FID 2FE2, EF, read ALW update NEV, transparent',
    ['a0a40000022fe2'],
    'a0c000000f',
    '0000000a2fe204000ff04401020000 9000',
  ],
  ['§9.2.1 SELECT unknown FID: 9404', [], 'a0a40000026f99', '9404'],
  ['§9.2.1 SELECT with P1 not 00: 6B00', [], 'a0a40400023f00', '6b00'],
  ['§9.2.1 SELECT with three bytes: 6700', [], 'a0a40000033f0000', '6700'],
  ['§8.1 sibling DF of the current DF is selectable', [TELECOM], GSM, '9f22'],
  ['§8.1 an EF of another DF is not', [TELECOM], 'a0a40000026f07', '9404'],
  ['§8.1 the USIM ADF is invisible to CLA A0', [], 'a0a40000027fff', '9404'],
  ['§9.2.18 GET RESPONSE of fewer bytes than pending', [MF], 'a0c0000002', '0000 9000'],
  ['§9.4.6 GET RESPONSE of more bytes: 67 with the length', [MF], 'a0c0000023', '6722'],
  ['§9.2.18 GET RESPONSE with nothing pending: 6F00', [], 'a0c0000002', '6f00'],
  [
    '§9.2.3 READ BINARY EF_ICCID (ALW)',
    ['a0a40000022fe2'],
    'a0b000000a',
    '98000101000000000043 9000',
  ],
  ['§9.2.3 READ BINARY from an offset', ['a0a40000022fe2'], 'a0b0000802', '0043 9000'],
  [
    '§9.2.3 READ BINARY beyond the end: 67 with the length',
    ['a0a40000022fe2'],
    'a0b000000b',
    '670a',
  ],
  [
    '§9.2.3 READ BINARY at an offset outside the file: 9402',
    ['a0a40000022fe2'],
    'a0b0000a01',
    '9402',
  ],
  ['§9.2.3 READ BINARY with no EF selected: 9400', [MF], 'a0b0000001', '9400'],
  ['§9.2.3 READ BINARY of a record EF: 9408', [TELECOM, 'a0a40000026f3c'], 'a0b0000001', '9408'],
  ['§9.3 READ BINARY EF_IMSI before CHV1: 9804', [GSM, 'a0a40000026f07'], 'a0b0000009', '9804'],
  [
    '§9.3 READ BINARY EF_IMSI after CHV1',
    [VERIFY, GSM, 'a0a40000026f07'],
    'a0b0000009',
    '080910100000000010 9000',
  ],
  [
    '§10.3.7 EF_SST: services 1 2 4 9 12 26 29 35 37 allocated and activated',
    [VERIFY, GSM, 'a0a40000026f38'],
    'a0b0000010',
    'cf00c30000000c033003000000000000 9000',
  ],
  [
    '§10.5.6 EF_SMSP: SC +4085550001, PID, DCS and VP present',
    [VERIFY, TELECOM, 'a0a40000026f42'],
    'a0b2010428',
    `5465737420534d5343ffffffe1${'ff'.repeat(12)}06910458550010ffffffffff0000a7 9000`,
  ],
  [
    '§10.5.1 EF_ADN record 1: "Payment server", +4085550100',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0b201041c',
    '5061796d656e7420736572766572' + '06910458551000' + 'ffffffffffffff 9000',
  ],
  ['§9.2.4 UPDATE BINARY EF_ICCID (NEV): 9804', ['a0a40000022fe2'], 'a0d600000100', '9804'],
  [
    '§9.2.4 UPDATE BINARY EF_IMSI needs ADM: 9804',
    [VERIFY, GSM, 'a0a40000026f07'],
    'a0d600000100',
    '9804',
  ],
  [
    '§9.2.4 UPDATE BINARY past the end: 9402',
    [VERIFY, TELECOM, 'a0a40000026f43'],
    'a0d60001020000',
    '9402',
  ],
  [
    '§9.2.4 UPDATE BINARY EF_SMSS after CHV1',
    [VERIFY, TELECOM, 'a0a40000026f43'],
    'a0d600000105',
    '9000',
  ],
  [
    '§9.2.5 READ RECORD absolute, wrong length: 67B0',
    [VERIFY, TELECOM, 'a0a40000026f3c'],
    'a0b2010410',
    '67b0',
  ],
  [
    '§9.2.5 READ RECORD beyond the last record: 9402',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0b20b041c',
    '9402',
  ],
  [
    '§9.2.5 READ RECORD with P2 05: 6B00',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0b201051c',
    '6b00',
  ],
  [
    '§9.2.5 READ RECORD on a transparent EF: 9408',
    [VERIFY, TELECOM, 'a0a40000026f43'],
    'a0b2010402',
    '9408',
  ],
  [
    '§9.2.6 UPDATE RECORD with the wrong length: 6700',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0dc010401ff',
    '6700',
  ],
  [
    '§9.2.7 SEEK type 2 finds the ADN "Voicemail"',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0a2001002566f',
    '9f01',
  ],
  [
    '§9.2.7 SEEK of a missing pattern: 9404',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a0a2000002aaaa',
    '9404',
  ],
  ['§9.2.7 SEEK on a cyclic EF: 9408', [VERIFY, GSM, 'a0a40000026f39'], 'a0a200000100', '9408'],
  [
    '§9.2.8 INCREASE EF_ACM: new value and the amount via 9F06',
    [VERIFY, GSM, 'a0a40000026f39'],
    'a0320000030000ff',
    '9f06',
  ],
  [
    '§9.2.8 INCREASE past the maximum: 9850',
    [VERIFY, GSM, 'a0a40000026f39', 'a032000003ffffff'],
    'a032000003000001',
    '9850',
  ],
  [
    '§9.2.8 INCREASE on a linear fixed EF: 9408',
    [VERIFY, TELECOM, 'a0a40000026f3a'],
    'a032000003000001',
    '9408',
  ],
  [
    '§9.2.16 RUN GSM ALGORITHM outside DF_GSM: 9408',
    [VERIFY],
    `a088000010${'34'.repeat(16)}`,
    '9408',
  ],
  ['§9.2.16 RUN GSM ALGORITHM before CHV1: 9804', [GSM], `a088000010${'34'.repeat(16)}`, '9804'],
  [
    '§9.2.16 RUN GSM ALGORITHM: SRES || Kc via 9F0C',
    [VERIFY, GSM],
    `a088000010${'34'.repeat(16)}`,
    '9f0c',
  ],
  [
    '§9.2.16 RUN GSM ALGORITHM with 15 bytes: 6700',
    [VERIFY, GSM],
    `a08800000f${'34'.repeat(15)}`,
    '6700',
  ],
  [
    '§9.2.2 STATUS: the current DF response',
    [TELECOM],
    'a0f2000016',
    '000000007f10020000000000151100070300838a0000 9000',
  ],
  ['§9.2.14 INVALIDATE without ADM: 9804', [VERIFY, GSM, LOCI], 'a004000000', '9804'],
  ['§9.2.14 INVALIDATE with no EF selected: 9400', [ADM, GSM], 'a004000000', '9400'],
  ['§9.2.14 INVALIDATE with ADM', [VERIFY, ADM, GSM, LOCI], 'a004000000', '9000'],
  [
    '§9.2.14 READ BINARY of an invalidated EF: 9810',
    [VERIFY, ADM, GSM, LOCI, 'a004000000'],
    'a0b0000001',
    '9810',
  ],
  [
    '§9.2.1 EF response byte 12 of an invalidated EF: 00',
    [VERIFY, ADM, GSM, LOCI, 'a004000000', LOCI],
    'a0c000000c',
    '0000000b6f7e040011f04400 9000',
  ],
  [
    '§9.2.15 REHABILITATE makes it readable again',
    [VERIFY, ADM, GSM, LOCI, 'a004000000', 'a044000000'],
    'a0b0000001',
    'ff 9000',
  ],
  ['§9.2.17 SLEEP', [], 'a0fa000000', '9000'],
  ['§9.4.6 unknown instruction: 6D00', [], 'a0ee000000', '6d00'],
  ['§9.2.16 RUN GSM ALGORITHM with P2 not 00: 6B00', [], 'a088008000', '6b00'],
];

describe('GSM SIM commands (TS 51.011 §9.2)', () => {
  it.each(rows)('%s', (_clause, before, command, expected) => {
    const sim = fixtureSim('test-sim');
    for (const c of before) send(sim, c);
    expect(send(sim, command)).toBe(expected);
  });

  it('answers RUN GSM ALGORITHM with c2(RES) and c3(CK, IK) of the TS 34.108 XOR algorithm', () => {
    const sim = fixtureSim('test-sim');
    send(sim, VERIFY);
    send(sim, GSM);
    const rand = Array.from({ length: 16 }, (_, i) => (i * 37 + 5) & 0xff);
    send(sim, `a088000010${toHex(Uint8Array.from(rand))}`);
    // TS 34.108 §8.1.2: XDOUT = K xor RAND; RES = XDOUT; CK, IK = XDOUT rotated by 1 and 2 bytes.
    // TS 33.102 §6.8.1.2: SRES = xor of the 32-bit words of RES; Kc = CK1 xor CK2 xor IK1 xor IK2.
    const x = rand.map((r, i) => r ^ i);
    const sres = [0, 1, 2, 3].map((j) => x[j]! ^ x[j + 4]! ^ x[j + 8]! ^ x[j + 12]!);
    const at = (i: number): number => x[i % 16]!;
    const kc = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => at(j + 1) ^ at(j + 9) ^ at(j + 2) ^ at(j + 10));
    expect(send(sim, 'a0c000000c')).toBe(`${toHex(Uint8Array.from([...sres, ...kc]))} 9000`);
  });

  it('a 2G-only card refuses UICC classes with 6E00 (TS 102 221 §10.2.1.4)', () => {
    const sim = fixtureSim('sim-2g');
    expect(send(sim, '00a40004023f00')).toBe('6e00');
    expect(send(sim, '80f2000000')).toBe('6e00');
    expect(send(sim, MF)).toBe('9f22');
  });
});
