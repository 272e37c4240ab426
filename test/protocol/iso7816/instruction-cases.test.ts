// The INS/CLA case table: TS 51.011 §9.2 (CLA A0), TS 102 221 §10.1.2 table 10.5 (CLA 0X/4X/6X,
// 80, 8X/CX/EX), GlobalPlatform GET DATA, and the 6Cxx re-send context.
import { describe, expect, it } from 'vitest';
import {
  decideHeader,
  type PreviousApduContext,
} from '../../../protocol/iso7816/instruction-cases.ts';
import type { TpduHeader } from '../../../protocol/iso7816/tpdu.ts';

const h = (cla: number, ins: number, p3 = 1, p1 = 0, p2 = 0): TpduHeader => ({
  cla,
  ins,
  p1,
  p2,
  p3,
});

const table = [
  // [cla, ins, name, case, clause]
  [0xa0, 0xa4, 'SELECT', 3, 'TS 51.011 §9.2.1'],
  [0xa0, 0xf2, 'STATUS', 2, 'TS 51.011 §9.2.2'],
  [0xa0, 0xb0, 'READ BINARY', 2, 'TS 51.011 §9.2.3'],
  [0xa0, 0xd6, 'UPDATE BINARY', 3, 'TS 51.011 §9.2.4'],
  [0xa0, 0xb2, 'READ RECORD', 2, 'TS 51.011 §9.2.5'],
  [0xa0, 0xdc, 'UPDATE RECORD', 3, 'TS 51.011 §9.2.6'],
  [0xa0, 0xa2, 'SEEK', 3, 'TS 51.011 §9.2.7'],
  [0xa0, 0x32, 'INCREASE', 4, 'TS 51.011 §9.2.8'],
  [0xa0, 0x20, 'VERIFY CHV', 3, 'TS 51.011 §9.2.9'],
  [0xa0, 0x24, 'CHANGE CHV', 3, 'TS 51.011 §9.2.10'],
  [0xa0, 0x26, 'DISABLE CHV', 3, 'TS 51.011 §9.2.11'],
  [0xa0, 0x28, 'ENABLE CHV', 3, 'TS 51.011 §9.2.12'],
  [0xa0, 0x2c, 'UNBLOCK CHV', 3, 'TS 51.011 §9.2.13'],
  [0xa0, 0x88, 'RUN GSM ALGORITHM', 3, 'TS 51.011 §9.2.16'],
  [0xa0, 0xc0, 'GET RESPONSE', 2, 'TS 51.011 §9.2.18'],
  [0xa0, 0x10, 'TERMINAL PROFILE', 3, 'TS 51.011 §9.2'],
  [0xa0, 0xc2, 'ENVELOPE', 3, 'TS 51.011 §9.2'],
  [0xa0, 0x12, 'FETCH', 2, 'TS 51.011 §9.2'],
  [0xa0, 0x14, 'TERMINAL RESPONSE', 3, 'TS 51.011 §9.2'],
  [0x00, 0xa4, 'SELECT', 4, 'TS 102 221 table 10.5'],
  [0x01, 0xb0, 'READ BINARY', 2, 'TS 102 221 table 10.5, channel 1'],
  [0x40, 0xd6, 'UPDATE BINARY', 3, 'TS 102 221 table 10.5, channel 4'],
  [0x60, 0xb2, 'READ RECORD', 2, 'TS 102 221 table 10.5, secure messaging'],
  [0x00, 0xdc, 'UPDATE RECORD', 3, 'TS 102 221 table 10.5'],
  [0x00, 0xa2, 'SEARCH RECORD', 4, 'TS 102 221 table 10.5'],
  [0x00, 0x20, 'VERIFY PIN', 3, 'TS 102 221 table 10.5'],
  [0x00, 0x2c, 'UNBLOCK PIN', 3, 'TS 102 221 table 10.5'],
  [0x00, 0x88, 'AUTHENTICATE', 4, 'TS 102 221 table 10.5'],
  [0x00, 0x84, 'GET CHALLENGE', 2, 'TS 102 221 table 10.5'],
  [0x00, 0xc0, 'GET RESPONSE', 2, 'TS 102 221 table 10.5'],
  [0x80, 0x10, 'TERMINAL PROFILE', 3, 'TS 102 221 table 10.5'],
  [0x80, 0xc2, 'ENVELOPE', 4, 'TS 102 221 table 10.5'],
  [0x80, 0x12, 'FETCH', 2, 'TS 102 221 table 10.5'],
  [0x80, 0x14, 'TERMINAL RESPONSE', 3, 'TS 102 221 table 10.5'],
  [0x80, 0xf2, 'STATUS', 2, 'TS 102 221 table 10.5'],
  [0x81, 0xf2, 'STATUS', 2, 'TS 102 221 table 10.5, CLA 8X'],
  [0x80, 0xaa, 'TERMINAL CAPABILITY', 3, 'TS 102 221 table 10.5'],
  [0x80, 0x32, 'INCREASE', 4, 'TS 102 221 table 10.5'],
  [0x80, 0xe6, 'INSTALL', 4, 'GlobalPlatform'],
] as const;

describe('decideHeader', () => {
  it.each(table)('%s %s is %s, case %s (%s)', (cla, ins, name, kase) => {
    const d = decideHeader(h(cla, ins));
    expect(d).toMatchObject({ kind: 'command', name, apduCase: kase });
    if (d.kind !== 'command') return;
    expect(d.p3).toBe(kase === 2 ? 'le' : 'lc');
    expect(d.family).toBe(cla === 0xa0 ? 'gsm' : 'uicc');
  });

  it('takes P3 as nothing for case 1, and for case 3 with P3 = 0 (PIN status query)', () => {
    expect(decideHeader(h(0xa0, 0x04, 0))).toMatchObject({ apduCase: 1, p3: 'none' });
    expect(decideHeader(h(0xa0, 0xfa, 0))).toMatchObject({ name: 'SLEEP', p3: 'none' });
    expect(decideHeader(h(0xa0, 0x44, 0))).toMatchObject({ name: 'REHABILITATE', p3: 'none' });
    expect(decideHeader(h(0x00, 0x20, 0, 0, 0x01))).toMatchObject({ apduCase: 1, p3: 'none' });
    expect(decideHeader(h(0xa0, 0xb0, 0))).toMatchObject({ apduCase: 2, p3: 'le' });
  });

  it('answers 6700 to a case 1 command with P3 other than 0', () => {
    expect(decideHeader(h(0xa0, 0x04, 2))).toEqual({
      kind: 'reject',
      reason: 'wrong-p3',
      sw: 0x6700,
    });
  });

  it('answers 6E00 to an unknown class and 6D00 to an unknown or invalid INS (REFERENCE-SIM §1.5)', () => {
    for (const cla of [0x20, 0xa1, 0xb0, 0xff, 0x10]) {
      expect(decideHeader(h(cla, 0xa4))).toMatchObject({ reason: 'unknown-class', sw: 0x6e00 });
    }
    for (const [cla, ins] of [
      [0xa0, 0x70],
      [0xa0, 0x61],
      [0x00, 0x90],
      [0x80, 0x01],
      [0x00, 0x12],
    ]) {
      expect(decideHeader(h(cla!, ins!))).toMatchObject({
        reason: 'unknown-instruction',
        sw: 0x6d00,
      });
    }
  });

  it('tells MANAGE CHANNEL open (case 2) from close (case 1)', () => {
    expect(decideHeader(h(0x00, 0x70, 1, 0x00))).toMatchObject({ apduCase: 2 });
    expect(decideHeader(h(0x00, 0x70, 0, 0x80, 0x01))).toMatchObject({ apduCase: 1 });
  });

  it('tells ETSI STATUS (case 2) from GlobalPlatform GET STATUS (case 4) by P1', () => {
    expect(decideHeader(h(0x80, 0xf2, 2, 0x40))).toMatchObject({ apduCase: 4, p3: 'lc' });
  });

  it('takes GET DATA CA/CB with CLA 8X as case 2 for P3 = 00, else case 4 (REFERENCE-SIM §1.3)', () => {
    expect(decideHeader(h(0x80, 0xca, 0, 0x9f, 0x7f))).toMatchObject({ apduCase: 2, p3: 'le' });
    expect(decideHeader(h(0x80, 0xca, 0x12, 0x9f, 0x7f))).toMatchObject({ apduCase: 4, p3: 'lc' });
    expect(decideHeader(h(0x80, 0xcb, 0))).toMatchObject({ apduCase: 2 });
  });

  it('keeps the previous case when a command is re-sent after 6Cxx', () => {
    const first = h(0x80, 0xca, 0, 0x9f, 0x7f);
    const previous: PreviousApduContext = { header: first, apduCase: 2, sw: 0x6c2d };
    const resent = { ...first, p3: 0x2d };
    expect(decideHeader(resent, previous)).toMatchObject({ apduCase: 2, p3: 'le' });
    expect(decideHeader(resent, { ...previous, sw: 0x9000 })).toMatchObject({ apduCase: 4 });
    expect(decideHeader({ ...resent, p2: 0x7e }, previous)).toMatchObject({ apduCase: 4 });
    expect(decideHeader({ ...resent, p3: 0x2e }, previous)).toMatchObject({ apduCase: 4 });
  });
});
