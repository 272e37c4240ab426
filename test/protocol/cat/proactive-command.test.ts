// ETSI TS 102 223 §6.6 proactive commands, with the command bytes of the conformance sequences in
// TS 102 384 / TS 51.010-4 §27.22.4 (DISPLAY TEXT 4.1, GET INPUT 4.3, SELECT ITEM 4.9, SET UP MENU
// 4.8, SEND SHORT MESSAGE 4.10, SET UP CALL 4.13, SEND DTMF 4.24, REFRESH 4.7, MORE TIME 4.4,
// SET UP EVENT LIST 4.16).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  type ProactiveCommand,
  decodeProactiveCommand,
  encodeProactiveCommand,
} from '../../../protocol/cat/index.ts';
import {
  expectEveryTruncationRejected,
  expectOnlyDecodeError,
} from '../../support/codec-checks.ts';

const toolkitSelect = '850e546f6f6c6b69742053656c656374';
const items3 = '8f07014974656d20318f07024974656d20328f07034974656d2033';
const items = [1, 2, 3].map((id) => ({ id, text: `Item ${id}` }));
const callAddress = { ton: 1, npi: 1, digits: '012340123456,1,2' };

/** [hex, expected fields, what] — each re-encodes to the same bytes. */
const exact: [string, Partial<Record<string, unknown>>, string][] = [
  [
    'd01a8103012180820281028d0f04546f6f6c6b697420546573742031',
    {
      type: 'displayText',
      commandNumber: 1,
      highPriority: false,
      waitForUser: true,
      immediateResponse: false,
      text: { coding: 'gsm8', text: 'Toolkit Test 1' },
    },
    'DISPLAY TEXT 1.1, wait for user',
  ],
  [
    'd01a8103012181820281028d0f04546f6f6c6b697420546573742032',
    { highPriority: true, waitForUser: true },
    'DISPLAY TEXT 1.2, high priority',
  ],
  [
    'd0198103012180820281028d0a043130205365636f6e648402010a',
    { duration: { unit: 'seconds', interval: 10 } },
    'DISPLAY TEXT 10 s',
  ],
  [
    'd01a8103012180820281028d0b0442617369632049636f6e9e020001',
    { icon: { selfExplanatory: true, record: 1 } },
    'DISPLAY TEXT icon',
  ],
  [
    'd01b8103012300820281828d0c04456e74657220313233343591020505',
    {
      type: 'getInput',
      alphabet: false,
      ucs2: false,
      hideInput: false,
      packedResponse: false,
      helpAvailable: false,
      prompt: { coding: 'gsm8', text: 'Enter 12345' },
      responseLength: { min: 5, max: 5 },
    },
    'GET INPUT 1.1, digits',
  ],
  [
    'd01a8103012308820281828d0b004537bd2c07d96eaad10a91020505',
    { packedResponse: true, prompt: { coding: 'gsm7Packed', text: 'Enter 67*#+' } },
    'GET INPUT 1.2, packed',
  ],
  [
    'd0278103012304820281828d180450617373776f726420313c53454e443e3233343536373891020408',
    { hideInput: true, responseLength: { min: 4, max: 8 } },
    'GET INPUT 1.4, hidden',
  ],
  [
    'd01b8103012303820281828d0c04456e7465722048656c6c6f91020c0c',
    { alphabet: true, ucs2: true },
    'GET INPUT 1.13, UCS2 alphabet',
  ],
  [
    'd0238103012300820281828d0c04456e746572203132333435910205051706043132333435',
    { defaultText: { coding: 'gsm8', text: '12345' } },
    'GET INPUT 1.15, default text',
  ],
  [
    `d03d810301240082028182${toolkitSelect}${items3}8f07044974656d2034`,
    {
      type: 'selectItem',
      presentation: 'unspecified',
      softKeyPreferred: false,
      helpAvailable: false,
      alpha: 'Toolkit Select',
      items: [...items, { id: 4, text: 'Item 4' }],
    },
    'SELECT ITEM 1.1',
  ],
  [
    `d039810301240082028182${toolkitSelect}${items3}1803131026`,
    { nextActions: [0x13, 0x10, 0x26] },
    'SELECT ITEM, next actions',
  ],
  [
    `d037810301240082028182${toolkitSelect}${items3}900102`,
    { defaultItem: 2 },
    'SELECT ITEM, default item',
  ],
  [`d034810301248082028182${toolkitSelect}${items3}`, { helpAvailable: true }, 'SELECT ITEM, help'],
  [
    `d034810301240382028182${toolkitSelect}${items3}`,
    { presentation: 'navigationOptions' },
    'SELECT ITEM, navigation options',
  ],
  [
    `d034810301240182028182${toolkitSelect}${items3}`,
    { presentation: 'dataValues' },
    'SELECT ITEM, data values',
  ],
  [
    `d03e810301240082028182${toolkitSelect}${items3}9e0201019f0401030303`,
    {
      icon: { selfExplanatory: false, record: 1 },
      itemIcons: { selfExplanatory: false, records: [3, 3, 3] },
    },
    'SELECT ITEM, icons',
  ],
  [
    'd03d8103012400820281828510546f6f6c6b69742053656c65637420318f07014974656d20318f07024974656d2032d004001000b4d108000600b4000600b4',
    {
      otherObjects: [
        { tag: 0x50, comprehensionRequired: true, value: fromHex('001000b4') },
        { tag: 0x51, comprehensionRequired: true, value: fromHex('000600b4000600b4') },
      ],
    },
    'SELECT ITEM, text attributes kept',
  ],
  [
    'd03b810301250082028182850c546f6f6c6b6974204d656e758f07014974656d20318f07024974656d20328f07034974656d20338f07044974656d2034',
    { type: 'setUpMenu', alpha: 'Toolkit Menu', softKeyPreferred: false, helpAvailable: false },
    'SET UP MENU 1.1',
  ],
  [
    'd00d81030125008202818285008f00',
    { type: 'setUpMenu', alpha: '', items: [] },
    'SET UP MENU, removal',
  ],
  [
    'd02e81030113008202818386099111223344556677f88b180100099110325476f840f40c54657374204d657373616765',
    {
      type: 'sendShortMessage',
      packingRequired: false,
      address: { ton: 1, npi: 1, digits: '112233445566778' },
      tpdu: fromHex('0100099110325476f840f40c54657374204d657373616765'),
    },
    'SEND SHORT MESSAGE 1.1',
  ],
  [
    'd03d810301130082028183850d53686f7274204d65737361676586099111223344556677f88b180100099110325476f840f00d53f45b4e0735cbf379f85c06',
    { alpha: 'Short Message' },
    'SEND SHORT MESSAGE 1.2, alpha',
  ],
  [
    'd01e81030110008202818385084e6f7420627573798609911032042143651c2c',
    { type: 'setUpCall', mode: 'ifNotBusy', confirmationAlpha: 'Not busy', address: callAddress },
    'SET UP CALL 1.1',
  ],
  [
    'd02b81030110008202818385114361706162696c69747920636f6e6669678609911032042143651c2c870201a0',
    { capabilityConfiguration: fromHex('01a0') },
    'SET UP CALL, capability',
  ],
  [
    'd02281030110018202818385084475726174696f6e8609911032042143651c2c8402010a',
    { mode: 'ifNotBusyWithRedial', redialDuration: { unit: 'seconds', interval: 10 } },
    'SET UP CALL, redial',
  ],
  [
    'd028810301100082028183850c434f4e4649524d4154494f4e8609911032042143651c2c850443414c4c',
    { confirmationAlpha: 'CONFIRMATION', callSetUpAlpha: 'CALL' },
    'SET UP CALL, two alpha identifiers',
  ],
  [
    'd02b810301100082028183850c43616c6c65642070617274798609911032042143651c2c880780509595959595',
    { subaddress: fromHex('80509595959595') },
    'SET UP CALL, subaddress',
  ],
  [
    'd04c81030110008202818385165365742075702063616c6c2049636f6e20332e342e318609911032042143651c2c9e02000185165365742075702063616c6c2049636f6e20332e342e329e020001',
    {
      confirmationIcon: { selfExplanatory: true, record: 1 },
      callSetUpAlpha: 'Set up call Icon 3.4.2',
      callSetUpIcon: { selfExplanatory: true, record: 1 },
    },
    'SET UP CALL, icons for both phases',
  ],
  [
    'd0198103011000820281838505804e0d5fd9860791103204214365',
    { confirmationAlpha: '不忙' },
    'SET UP CALL, UCS2 alpha',
  ],
  [
    'd01b810301140082028183850953656e642044544d46ac052143658709',
    { type: 'sendDtmf', alpha: 'Send DTMF', digits: '1234567890' },
    'SEND DTMF 1.1',
  ],
  [
    'd0138103011400820281838500ac06c1cccccccc2c',
    { alpha: '', digits: `1${','.repeat(10)}2` },
    'SEND DTMF, null alpha and pauses',
  ],
  [
    'd0128103010101820281829207013f007f206f30',
    { type: 'refresh', mode: 'fileChange', files: [[0x3f00, 0x7f20, 0x6f30]] },
    'REFRESH 1.2',
  ],
  ['d009810301010382028182', { type: 'refresh', mode: 'naaInitialization' }, 'REFRESH 1.1'],
  ['d009810301020082028182', { type: 'moreTime', commandNumber: 1 }, 'MORE TIME 1.1'],
  [
    'd00c810301050082028182990104',
    { type: 'setUpEventList', events: [4] },
    'SET UP EVENT LIST 1.1',
  ],
  ['d00d81030105008202818299020507', { events: [5, 7] }, 'SET UP EVENT LIST 1.2'],
  [
    'd00d8103010300820281820402011e',
    { type: 'other', commandType: 3, qualifier: 0, destination: 0x82 },
    'POLL INTERVAL, not modelled',
  ],
];

/** Conformance bytes whose optional objects lack the CR flag: decoded, then re-encoded with it. */
const normalised: [string, string, Partial<Record<string, unknown>>][] = [
  [
    'd0288103012180820281020d1d00d3309bfc06c95c301aa8e80259c3ec34b9ac07c9602f58ed159bb940',
    'd0288103012180820281028d1d00d3309bfc06c95c301aa8e80259c3ec34b9ac07c9602f58ed159bb940',
    { text: { coding: 'gsm7Packed', text: 'Saldo 2.04 E. Validez 20/05/13. ' } },
  ],
  [
    'd0208103012300820281828d0d043c42415349432d49434f4e3e9102000a1e020101',
    'd0208103012300820281828d0d043c42415349432d49434f4e3e9102000a9e020101',
    { icon: { selfExplanatory: false, record: 1 } },
  ],
];

describe('proactive commands (TS 102 223 §6.6)', () => {
  it.each(exact)('%s', (hex, fields) => {
    const command = decodeProactiveCommand(fromHex(hex));
    expect(command).toMatchObject(fields);
    expect(toHex(encodeProactiveCommand(command))).toBe(hex);
  });

  it.each(normalised)('%s', (hex, encoded, fields) => {
    const command = decodeProactiveCommand(fromHex(hex));
    expect(command).toMatchObject(fields);
    expect(toHex(encodeProactiveCommand(command))).toBe(encoded);
  });

  it('builds SEND SHORT MESSAGE as in REFERENCE §5.2 (packing by the ME)', () => {
    const command: ProactiveCommand = {
      type: 'sendShortMessage',
      commandNumber: 7,
      packingRequired: true,
      alpha: '',
      tpdu: fromHex('0100039121f30004036869'),
    };
    expect(toHex(encodeProactiveCommand(command))).toBe(
      'd018' + '8103071301' + '82028183' + '8500' + '8b0b0100039121f30004036869',
    );
  });

  it('refuses to build a command longer than FETCH can return', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: i + 1, text: `Item ${i + 1}` }));
    const command: ProactiveCommand = {
      type: 'setUpMenu',
      commandNumber: 1,
      softKeyPreferred: false,
      helpAvailable: false,
      alpha: 'Menu',
      items: many,
    };
    expect(() => encodeProactiveCommand(command)).toThrow(RangeError);
    expect(encodeProactiveCommand({ ...command, items: many.slice(0, 20) }).length).toBe(209);
  });

  it.each([
    ['d109810301210082028102', 'CAT_NOT_PROACTIVE_COMMAND', 'an envelope tag'],
    ['d00482028102', 'CAT_MISSING_OBJECT', 'no command details'],
    ['d009810301218082028102', 'CAT_MISSING_OBJECT', 'DISPLAY TEXT without text'],
    ['d00a8103012100820281028d', 'CTLV_TRUNCATED', 'object cut short'],
    [
      'd01e81030110068202818385084e6f7420627573798609911032042143651c2c',
      'CAT_BAD_QUALIFIER',
      'SET UP CALL qualifier 06',
    ],
    ['d00981030101ff82028182', 'CAT_BAD_QUALIFIER', 'REFRESH qualifier FF'],
    [`d019810301240082028182${toolkitSelect}`, 'CAT_MISSING_OBJECT', 'SELECT ITEM without items'],
    [
      `d027810301240082028182${toolkitSelect}8f07014974656d20318f008f0102`,
      'CAT_BAD_ITEM',
      'null item among items',
    ],
    ['d00a81030121808202810200', 'CTLV_BAD_TAG', 'padding where a tag belongs'],
  ])('rejects %s (%s: %s)', (hex, code) => {
    expect(() => decodeProactiveCommand(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('reports where a bad qualifier sits', () => {
    expect(() => decodeProactiveCommand(fromHex('d00981030101ff82028182'))).toThrow(
      expect.objectContaining({ code: 'CAT_BAD_QUALIFIER', offset: 6 }),
    );
  });

  it('rejects every truncation', () => {
    for (const [hex] of exact) expectEveryTruncationRejected(fromHex(hex), decodeProactiveCommand);
  });

  it('decodes what it encodes', () => {
    for (const [hex] of [...exact, ...normalised]) {
      const once = decodeProactiveCommand(fromHex(hex));
      expect(decodeProactiveCommand(encodeProactiveCommand(once))).toEqual(once);
    }
  });

  it('round-trips generated DISPLAY TEXT and GET INPUT commands', () => {
    const text = fc.string({ maxLength: 40, unit: 'grapheme-ascii' });
    const flags = fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean(), d: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 254 }), text, flags, (n, t, f) => {
        const commands: ProactiveCommand[] = [
          {
            type: 'displayText',
            commandNumber: n,
            highPriority: f.a,
            waitForUser: f.b,
            text: { coding: 'ucs2', text: t },
            immediateResponse: f.c,
          },
          {
            type: 'getInput',
            commandNumber: n,
            alphabet: f.a,
            ucs2: f.b,
            hideInput: f.c,
            packedResponse: f.d,
            helpAvailable: f.a,
            prompt: { coding: 'gsm8', text: t.replace(/[`]/g, '') },
            responseLength: { min: 0, max: n },
          },
        ];
        for (const c of commands)
          expect(decodeProactiveCommand(encodeProactiveCommand(c))).toEqual(c);
      }),
      { seed: 6600, numRuns: 300 },
    );
  });

  it('mutated commands only ever raise DecodeError', () => {
    const seeds = exact.map(([hex]) => fromHex(hex));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (which, edits) => {
          const bytes = seeds[which]!.slice();
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          expectOnlyDecodeError(() => decodeProactiveCommand(bytes));
        },
      ),
      { seed: 6601, numRuns: 3000 },
    );
  });

  it('random bodies only ever raise DecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (body) => {
        expectOnlyDecodeError(() =>
          decodeProactiveCommand(
            Uint8Array.of(0xd0, 0x81, body.length + 9, ...fromHex('810301240082028182'), ...body),
          ),
        );
      }),
      { seed: 6602, numRuns: 2000 },
    );
  });
});
