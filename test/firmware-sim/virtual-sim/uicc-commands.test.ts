// UICC class (CLA 00/80) commands of TS 102 221 §11 and TS 31.102 §7 on the virtual SIM.
import { describe, expect, it } from 'vitest';
import { decodeBerTlv, decodeBerTlvSequence } from '../../../protocol/tlv/index.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { fixtureSim, pinHex, send } from './sim-driver.ts';

const VERIFY = `0020000108${pinHex('1234')}`;
const USIM = '00a404040ca0000000871002ffffffff89';
const USIM_NO_DATA = '00a4040c0ca0000000871002ffffffff89';

const rows: ReadonlyArray<readonly [string, readonly string[], string, string]> = [
  ['§11.1.1 SELECT MF by FID, FCP: 61 22', [], '00a40004023f00', '6122'],
  ['§11.1.1 SELECT P2 0C: no data', [], '00a4000c023f00', '9000'],
  ['§11.1.1 SELECT P2 08 (FMD): 6A86', [], '00a40008023f00', '6a86'],
  ['§11.1.1 SELECT unknown FID: 6A82', [], '00a40004026f99', '6a82'],
  ['§11.1.1 SELECT with one FID byte: 6700', [], '00a40004013f', '6700'],
  ['§11.1.1 SELECT P1 02: 6A86', [], '00a40204023f00', '6a86'],
  ['§11.1.1 SELECT child DF P1 01', [], '00a4010c027f10', '9000'],
  ['§11.1.1 SELECT child DF P1 01 naming an EF: 6A82', [], '00a4010c022fe2', '6a82'],
  ['§11.1.1 SELECT parent P1 03 of the MF: 6A82', [], '00a4030c', '6a82'],
  ['§11.1.1 SELECT parent P1 03 of DF_TELECOM', ['00a4000c027f10'], '00a4030c', '9000'],
  ['§11.1.1 SELECT by path from MF 7F10/6F3C', [], '00a4080c047f106f3c', '9000'],
  ['§11.1.1 SELECT by path 3F00/7F10/6F3C (MF named)', [], '00a4080c063f007f106f3c', '9000'],
  ['§11.1.1 SELECT by path from the current DF', ['00a4000c027f10'], '00a4090c026f3c', '9000'],
  ['§11.1.1 SELECT by path through an EF: 6A82', [], '00a4080c042fe26f3c', '6a82'],
  ['§11.1.1 SELECT by odd-length path: 6700', [], '00a4080c037f106f', '6700'],
  ['§11.1.1 SELECT USIM by full AID', [], USIM, '612f'],
  ['§11.1.1 SELECT USIM by the RID and application code', [], '00a4040c07a0000000871002', '9000'],
  ['§11.1.1 SELECT by unknown AID: 6A82', [], '00a4040c07a0000000871004', '6a82'],
  ['§11.1.1 SELECT next occurrence of the AID: 6A82', [], '00a4040e07a0000000871002', '6a82'],
  ['§8.4.1 7FFF before any ADF is active: 6A82', [], '00a4000c027fff', '6a82'],
  ['§8.4.1 7FFF names the active ADF', [USIM_NO_DATA, '00a4000c023f00'], '00a4000c027fff', '9000'],
  ['TS 31.102 §4.2.2 EF_IMSI under the ADF', [USIM_NO_DATA], '00a4000c026f07', '9000'],
  ['§11.1.2 STATUS P2 0C', [], '80f2000c', '9000'],
  [
    '§11.1.2 STATUS P2 01 with the USIM active: its AID',
    [USIM_NO_DATA],
    '80f2010112',
    '8410a0000000871002ffffffff8900000100 9000',
  ],
  ['§11.1.2 STATUS P2 02: 6A86', [], '80f2000200', '6a86'],
  ['§11.1.2 STATUS with a wrong Le: 6C22', [], '80f2000010', '6c22'],
  ['§10.1.2 STATUS in CLA 00: 6E00', [], '00f2000000', '6e00'],
  ['§10.1.2 SELECT in CLA 80: 6E00', [], '80a40004023f00', '6e00'],
  ['§10.1.1 logical channel 1: 6881', [], '01a40004023f00', '6881'],
  ['§10.1.1 secure messaging bits: 6882', [], '0ca40004023f00', '6882'],
  ['§10.1.1 class B0: 6E00', [], 'b0a40004023f00', '6e00'],
  [
    '§11.1.14 DEACTIVATE FILE without ADM1: 6982',
    [VERIFY, '00a4080c047f106f43'],
    '0004000000',
    '6982',
  ],
  [
    '§11.1.14 DEACTIVATE FILE, then READ BINARY: 6283',
    [VERIFY, `0020000a08${pinHex('88888888')}`, '00a4080c047f106f43', '0004000000'],
    '00b0000002',
    '6283',
  ],
  [
    '§11.1.15 ACTIVATE FILE makes it readable again',
    [VERIFY, `0020000a08${pinHex('88888888')}`, '00a4080c047f106f43', '0004000000', '0044000000'],
    '00b0000002',
    '00ff 9000',
  ],
  ['§11.1.17 MANAGE CHANNEL: only the basic channel, 6881', [], '0070000001', '6881'],
  ['§11.1.19 TERMINAL CAPABILITY is acknowledged', [], '80aa000005a903830100', '9000'],
  ['§10.2.1.4 unknown instruction: 6D00', [], '00ee000000', '6d00'],
  ['§12.1.1 GET RESPONSE with nothing pending: 6985', [], '00c0000010', '6985'],
  ['§12.1.1 GET RESPONSE of too many bytes: 6Cxx', ['00a40004023f00'], '00c0000000', '6c22'],
  [
    '§12.1.1 GET RESPONSE of part of it: rest behind 61xx',
    ['00a40004023f00'],
    '00c0000002',
    '6220 6120',
  ],
  ['§11.1.3 READ BINARY EF_ICCID', ['00a4080c022fe2'], '00b000000a', '98000101000000000043 9000'],
  ['§11.1.3 READ BINARY by SFI 02 from the MF', [], '00b0820004', '98000101 9000'],
  ['§11.1.3 READ BINARY by unknown SFI: 6A82', [], '00b0850001', '6a82'],
  ['§11.1.3 READ BINARY with P1 b7 set: 6A86', [], '00b0c20001', '6a86'],
  ['§11.1.3 READ BINARY offset beyond the file: 6B00', ['00a4080c022fe2'], '00b0000b01', '6b00'],
  ['§11.1.3 READ BINARY Le beyond the end: 6C0A', ['00a4080c022fe2'], '00b0000000', '6c0a'],
  ['§11.1.3 READ BINARY with no EF: 6986', [], '00b0000001', '6986'],
  [
    '§9.5 READ BINARY EF_IMSI before PIN1: 6982',
    [USIM_NO_DATA, '00a4000c026f07'],
    '00b0000009',
    '6982',
  ],
  [
    '§11.1.3 READ BINARY EF_IMSI by SFI 07 after PIN1',
    [VERIFY, USIM_NO_DATA],
    '00b0870009',
    '080910100000000010 9000',
  ],
  [
    'TS 31.102 §4.2.8 EF_UST by SFI 04: services 1 10-12 21 27 28 31 33',
    [VERIFY, USIM_NO_DATA],
    '00b0840008',
    '010e104c01000000 9000',
  ],
  [
    '§11.1.4 UPDATE BINARY of a record EF: 6981',
    [VERIFY, '00a4080c047f106f3c'],
    '00d6000001ff',
    '6981',
  ],
  [
    '§11.1.4 UPDATE BINARY past the end: 6700',
    [VERIFY, '00a4080c047f106f43'],
    '00d60001020000',
    '6700',
  ],
  [
    '§11.1.5 READ RECORD with Le not the record length: 6CB0',
    [VERIFY, '00a4080c047f106f3c'],
    '00b2010410',
    '6cb0',
  ],
  [
    '§11.1.5 READ RECORD number 0 without a current record: 6A83',
    [VERIFY, '00a4080c047f106f3c'],
    '00b20004b0',
    '6a83',
  ],
  [
    '§11.1.5 READ RECORD with P2 mode 05: 6A86',
    [VERIFY, '00a4080c047f106f3a'],
    '00b201051c',
    '6a86',
  ],
  [
    '§11.1.5 READ RECORD by SFI 1E: the USIM entry of EF_DIR (§13.1)',
    [],
    '00b201f426',
    `61184f10a0000000871002ffffffff89000001005004${'5553494d'}${'ff'.repeat(12)} 9000`,
  ],
  ['§11.1.5 READ RECORD by SFI 1F (RFU): 6A86', [], '00b201fc26', '6a86'],
  [
    '§11.1.7 SEARCH RECORD simple: records with "Voice"',
    [VERIFY, '00a4080c047f106f3a'],
    '00a2010405566f696365',
    '6101',
  ],
  [
    '§11.1.7 SEARCH RECORD with no match: 6282',
    [VERIFY, '00a4080c047f106f3a'],
    '00a2010402aaaa',
    '6282',
  ],
  ['§11.1.7 SEARCH RECORD mode 07: 6A86', [VERIFY, '00a4080c047f106f3a'], '00a2010702aaaa', '6a86'],
  ['§11.3.1 INCREASE EF_ACM (CLA 80)', [VERIFY, '00a4080c047f206f39'], '8032000003000010', '6106'],
  ['§11.3.1 INCREASE in CLA 00: 6E00', [VERIFY, '00a4080c047f206f39'], '0032000003000010', '6e00'],
  [
    'TS 31.102 §7.1.2 AUTHENTICATE outside the USIM: 6985',
    [VERIFY],
    `008800801110${'00'.repeat(16)}`,
    '6985',
  ],
  [
    'TS 31.102 §7.1.2 AUTHENTICATE before PIN1: 6982',
    [USIM_NO_DATA],
    `008800801110${'00'.repeat(16)}`,
    '6982',
  ],
  [
    'TS 31.102 §7.1.2 AUTHENTICATE GSM context',
    [VERIFY, USIM_NO_DATA],
    `008800801110${'00'.repeat(16)}`,
    '610e',
  ],
  [
    'TS 31.102 §7.1.2 AUTHENTICATE P2 82: 6A86',
    [VERIFY, USIM_NO_DATA],
    `008800821110${'00'.repeat(16)}`,
    '6a86',
  ],
  [
    'TS 31.102 §7.1.2 AUTHENTICATE bad length: 6700',
    [VERIFY, USIM_NO_DATA],
    '0088008002100a',
    '6700',
  ],
];

describe('UICC commands (TS 102 221 §11)', () => {
  it.each(rows)('%s', (_clause, before, command, expected) => {
    const sim = fixtureSim('test-sim');
    for (const c of before) send(sim, c);
    expect(send(sim, command)).toBe(expected);
  });

  it('returns FCP templates with descriptor, FID, life cycle, security and size (§11.1.1.3)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, '00a40804047f106f3c');
    const [fcpHex] = send(sim, '00c000001b').split(' ');
    const fcp = decodeBerTlv(fromHex(fcpHex!));
    expect(fcp.tag).toBe(0x62);
    const objects = new Map(decodeBerTlvSequence(fcp.value).map((t) => [t.tag, toHex(t.value)]));
    // linear fixed, shareable working EF, 176-byte records, 10 of them
    expect(objects.get(0x82)).toBe('422100b00a');
    expect(objects.get(0x83)).toBe('6f3c');
    expect(objects.get(0x8a)).toBe('05');
    expect(objects.get(0x8c)).toBe('039191');
    expect(objects.get(0x80)).toBe('06e0');
    expect(objects.get(0x88)).toBe('');
  });

  it('reports PIN1 enabled in the PIN status template of the MF (§11.1.1.4.10)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, '00a40004023f00');
    const fcp = decodeBerTlv(fromHex(send(sim, '00c0000022').split(' ')[0]!));
    const objects = new Map(decodeBerTlvSequence(fcp.value).map((t) => [t.tag, toHex(t.value)]));
    expect(objects.get(0xc6)).toBe('9001c083010183010a');
    expect(objects.get(0x82)).toBe('7821');
  });

  it('checks AUTN and answers in 3G context with RES, CK, IK and Kc (TS 31.102 §7.1.2.1)', () => {
    const sim = fixtureSim('test-sim');
    send(sim, VERIFY);
    send(sim, USIM_NO_DATA);
    // TS 34.108 §8.1.2 with K 00..0F, RAND 34.., SQN 000000000001, AMF 8000 (vector above):
    const rand = '34'.repeat(16);
    const autn = '37303132333d8000343536373030b233';
    expect(send(sim, `0088008122 10${rand} 10${autn}`.replace(/ /g, ''))).toBe('613d');
    const response = send(sim, '00c000003d');
    expect(response).toBe(
      'db10' +
        '3435363730313233' +
        '3c3d3e3f38393a3b' +
        '10' +
        '35363730313233' +
        '3c3d3e3f38393a3b34' +
        '10' +
        '363730313233' +
        '3c3d3e3f38393a3b3435' +
        '08' +
        '0000000000000000' +
        ' 9000',
    );
    const badMac = autn.slice(0, -2) + '00';
    expect(send(sim, `0088008122 10${rand} 10${badMac}`.replace(/ /g, ''))).toBe('9862');
  });
});
