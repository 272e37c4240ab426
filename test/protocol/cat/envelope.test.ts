// ENVELOPE data: SMS-PP download (TS 31.111 §7.1.1.2), menu selection (TS 102 223 §7.2), MO short
// message control and its response (TS 31.111 §7.3.2), event download (§7.5).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  type Envelope,
  decodeEnvelope,
  decodeMoSmsControlResponse,
  encodeEnvelope,
  encodeMoSmsControlResponse,
} from '../../../protocol/cat/index.ts';
import {
  expectEveryTruncationRejected,
  expectOnlyDecodeError,
  fuzzDecoder,
} from '../../support/codec-checks.ts';

const pySimTpdu =
  '400290217ff6227052000000002d02700000281516191212b0000127fa28a5bac69d3c5e9df2c7155dfdde449c826b236215566530787b30e8be5d';

const exact: [string, Envelope, string][] = [
  [
    'd10e820283818603912143' + '8b03007ff6',
    {
      kind: 'smsPpDownload',
      serviceCentre: { ton: 1, npi: 1, digits: '1234' },
      tpdu: fromHex('007ff6'),
    },
    'SMS-PP download with service centre',
  ],
  [
    'd1' + '3f' + '82028381' + '8b39' + pySimTpdu.slice(0, 114),
    { kind: 'smsPpDownload', tpdu: fromHex(pySimTpdu.slice(0, 114)) },
    'SMS-PP download without address',
  ],
  [
    'd30982020181900101' + '9500',
    { kind: 'menuSelection', itemIdentifier: 1, helpRequested: true },
    'menu selection with help',
  ],
  [
    'd30782020181900102',
    { kind: 'menuSelection', itemIdentifier: 2, helpRequested: false },
    'menu selection',
  ],
  [
    'd520' + '82028281' + '8607914477581006' + '50' + '860891945111325476f8' + '930700f11000010010',
    {
      kind: 'moShortMessageControl',
      serviceCentre: { ton: 1, npi: 1, digits: '447785016005' },
      destination: { ton: 1, npi: 1, digits: '4915112345678' },
      location: { mcc: '001', mnc: '01', lac: 1, cellId: 0x10, cellIdOctets: 2 },
    },
    'MO short message control (REFERENCE §5.2 layout)',
  ],
  [
    'd60799010482028281',
    { kind: 'eventDownload', event: { event: 'userActivity' } },
    'user activity',
  ],
  [
    'd60799010582020281',
    { kind: 'eventDownload', event: { event: 'idleScreenAvailable' } },
    'idle screen',
  ],
  [
    'd612990100820283819c01008606918967452301',
    {
      kind: 'eventDownload',
      event: {
        event: 'mtCall',
        transactionIds: fromHex('00'),
        address: { ton: 1, npi: 1, digits: '9876543210' },
      },
    },
    'MT call',
  ],
  [
    'd60a990101820283819c0100',
    {
      kind: 'eventDownload',
      event: { event: 'callConnected', source: 'network', transactionIds: fromHex('00') },
    },
    'call connected, far end',
  ],
  [
    'd60a990101820282819c0100',
    {
      kind: 'eventDownload',
      event: { event: 'callConnected', source: 'terminal', transactionIds: fromHex('00') },
    },
    'call connected, near end',
  ],
  [
    'd60e990102820282819c01009a026091',
    {
      kind: 'eventDownload',
      event: {
        event: 'callDisconnected',
        source: 'terminal',
        transactionIds: fromHex('00'),
        cause: fromHex('6091'),
      },
    },
    'call disconnected, user busy',
  ],
  [
    'd60a990102820283819c0100',
    {
      kind: 'eventDownload',
      event: { event: 'callDisconnected', source: 'network', transactionIds: fromHex('00') },
    },
    'call disconnected by the network',
  ],
  [
    'd615990103820282819b0100930964f629283301230737',
    {
      kind: 'eventDownload',
      event: {
        event: 'locationStatus',
        status: 'normal',
        location: { mcc: '466', mnc: '92', lac: 10291, cellId: 19072823, cellIdOctets: 4 },
      },
    },
    'location status',
  ],
  [
    'd60b990107820282812d027a68',
    {
      kind: 'eventDownload',
      event: {
        event: 'other',
        code: 7,
        source: 0x82,
        objects: [{ tag: 0x2d, comprehensionRequired: false, value: fromHex('7a68') }],
      },
    },
    'language selection, not modelled',
  ],
  [
    'd70c82028281a40105a503000243',
    {
      kind: 'other',
      tag: 0xd7,
      objects: [
        { tag: 2, comprehensionRequired: true, value: fromHex('8281') },
        { tag: 0x24, comprehensionRequired: true, value: fromHex('05') },
        { tag: 0x25, comprehensionRequired: true, value: fromHex('000243') },
      ],
    },
    'timer expiration, not modelled',
  ],
];

describe('ENVELOPE (TS 102 223 §7, TS 31.111 §7)', () => {
  it.each(exact)('%s', (hex, envelope) => {
    expect(decodeEnvelope(fromHex(hex))).toEqual(envelope);
    expect(toHex(encodeEnvelope(envelope))).toBe(hex);
  });

  it('decodes a pySim SMS-PP download whose address has TON/NPI 00', () => {
    const envelope = decodeEnvelope(fromHex('d147820283818604001032548b3b' + pySimTpdu));
    expect(envelope).toEqual({
      kind: 'smsPpDownload',
      serviceCentre: { ton: 0, npi: 0, digits: '012345' },
      tpdu: fromHex(pySimTpdu),
    });
  });

  it('keeps objects it does not model', () => {
    const envelope = decodeEnvelope(fromHex('d309820201819001022d00'));
    expect(envelope).toMatchObject({ kind: 'menuSelection', otherObjects: [{ tag: 0x2d }] });
  });

  it.each([
    ['d00782020181900101', 'CAT_NOT_ENVELOPE'],
    ['d306820201819000', 'CAT_BAD_LENGTH'],
    ['d3049002 0101'.replace(' ', ''), 'CAT_MISSING_OBJECT'],
    ['d1048202838 1'.replace(' ', ''), 'CAT_MISSING_OBJECT'],
    ['d60899020405820282 81'.replace(' ', ''), 'CAT_BAD_EVENT_LIST'],
    ['d60a990103820282819b0107', 'CAT_BAD_LOCATION_STATUS'],
    ['d609990100820283818606', 'CTLV_TRUNCATED'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeEnvelope(fromHex(hex))).toThrow(expect.objectContaining({ code }));
  });

  it('rejects every truncation', () => {
    for (const [hex] of exact) expectEveryTruncationRejected(fromHex(hex), decodeEnvelope);
  });

  it('mutated envelopes only ever raise DecodeError', () => {
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
          expectOnlyDecodeError(() => decodeEnvelope(bytes));
        },
      ),
      { seed: 7001, numRuns: 3000 },
    );
    fuzzDecoder(decodeEnvelope, { seed: 7002 });
  });
});

describe('MO short message control response (TS 31.111 §7.3.2.2)', () => {
  it.each([
    ['0000', { result: 'allowed' }],
    ['0100', { result: 'notAllowed' }],
    ['01028500', { result: 'notAllowed', alpha: '' }],
    [
      '0214' + '860791447758100650' + '86038121f3' + '850454657374',
      {
        result: 'allowedWithModifications',
        serviceCentre: { ton: 1, npi: 1, digits: '447785016005' },
        destination: { ton: 0, npi: 1, digits: '123' },
        alpha: 'Test',
      },
    ],
  ] as const)('%s', (hex, response) => {
    expect(decodeMoSmsControlResponse(fromHex(hex))).toEqual(response);
    expect(toHex(encodeMoSmsControlResponse(response))).toBe(hex);
  });

  it('accepts a lone result byte', () => {
    expect(decodeMoSmsControlResponse(fromHex('01'))).toEqual({ result: 'notAllowed' });
  });

  it.each([
    ['03', 'CAT_BAD_MO_SMS_RESULT'],
    ['00038501', 'CAT_TRUNCATED'],
    ['000185', 'CTLV_TRUNCATED'],
    ['0002850000', 'CAT_TRAILING_BYTES'],
    ['0003900101', 'CAT_UNEXPECTED_OBJECT'],
  ])('rejects %s with %s', (hex, code) => {
    expect(() => decodeMoSmsControlResponse(fromHex(hex))).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it('random bytes only ever raise DecodeError', () => {
    fuzzDecoder(decodeMoSmsControlResponse, { seed: 7301 });
  });
});
