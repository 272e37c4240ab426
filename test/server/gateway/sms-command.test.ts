// The payment SMS syntax as SOURCE-NOTES describes it (SMS-01..SMS-17, PIN-05, PIN-06, X-07).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  needsPin,
  parseSmsCommand,
  type ParsedCommand,
} from '../../../server/gateway/sms-command.ts';

const SENDER = '+14088675309';

const table: [string, string, ParsedCommand][] = [
  // SMS-01, SMS-08: keyword, amount, target, optional message.
  [
    'SMS-08 order',
    'PAY 20 2127875466 lunch money PIN 8642',
    {
      kind: 'pay',
      amount: '20',
      counterparty: '+12127875466',
      message: 'lunch money',
      pin: '8642',
    },
  ],
  // SMS-12: keywords are not case-sensitive; SMS-02: SEND = PAY.
  [
    'SMS-12/SMS-02',
    'send 5 2127875466',
    { kind: 'pay', amount: '5', counterparty: '+12127875466', message: '' },
  ],
  // SMS-15: `$` allowed; SMS-08: with or without decimal point.
  [
    'SMS-15 dollar',
    'Pay $20.50 2127875466 PIN 8642',
    { kind: 'pay', amount: '20.50', counterparty: '+12127875466', message: '', pin: '8642' },
  ],
  // SMS-14: leading 1 optional.
  [
    'SMS-14 leading 1',
    'PAY 7.5 12127875466',
    { kind: 'pay', amount: '7.5', counterparty: '+12127875466', message: '' },
  ],
  // SMS-17: a missing area code is taken from the sender's.
  [
    'SMS-17 local number',
    'PAY 3 5550123',
    { kind: 'pay', amount: '3', counterparty: '+14085550123', message: '' },
  ],
  // SMS-02: GET = REQUEST PAY; "REQUEST PAYMENT" (SMS-01) also reads.
  [
    'SMS-02 GET',
    'GET 12 2127875466 pizza',
    { kind: 'request', amount: '12', counterparty: '+12127875466', message: 'pizza' },
  ],
  [
    'SMS-01 REQUEST PAYMENT',
    'request payment 12 2127875466',
    { kind: 'request', amount: '12', counterparty: '+12127875466', message: '' },
  ],
  // SMS-06: BALANCE, BAL, B; SMS-07: the account's own number may be given.
  ['SMS-06 BAL', 'BAL PIN 8642', { kind: 'balance', pin: '8642' }],
  ['SMS-06 B', 'b', { kind: 'balance' }],
  ['SMS-07 own number', 'BALANCE 4088675309 PIN 8642', { kind: 'balance', pin: '8642' }],
  // SMS-03: HISTORY and HELP.
  ['SMS-03 HISTORY', 'History PIN 86421357', { kind: 'history', pin: '86421357' }],
  ['SMS-03 HELP', 'help', { kind: 'help' }],
  // CH-01: accept or decline a request.
  ['CH-01 ACCEPT', 'ACCEPT 3 PIN 8642', { kind: 'accept', handle: '3', pin: '8642' }],
  ['CH-01 DECLINE newest', 'decline', { kind: 'decline' }],
  // SMS-05: refer / invite.
  ['SMS-05 INVITE', 'INVITE 2127875466', { kind: 'invite', counterparty: '+12127875466' }],
  ['join', 'JOIN PIN 8642', { kind: 'join', pin: '8642' }],
  ['join short', 'join 8642', { kind: 'join', pin: '8642' }],
  // PIN-05: the PIN alone in a second SMS.
  ['PIN-05 second SMS', 'PIN 8642', { kind: 'pin', pin: '8642' }],
  ['PIN-05 digits only', ' 8642 ', { kind: 'pin', pin: '8642' }],
  // PIN-06: the PIN on its own line after the request (as the adaptor sends it).
  [
    'PIN-06 second line',
    'PAY 20 4085551212 lunch\nPIN 8642',
    { kind: 'pay', amount: '20', counterparty: '+14085551212', message: 'lunch', pin: '8642' },
  ],
];

describe('parseSmsCommand: the SMS syntax of the source notes', () => {
  it.each(table)('%s: %j', (_name, text, expected) => {
    expect(parseSmsCommand(text, SENDER)).toEqual(expected);
  });

  const errors: [string, string][] = [
    ['', 'EMPTY'],
    ['TRANSFER 5 2127875466', 'UNKNOWN_KEYWORD'],
    ['PAY twenty 2127875466', 'BAD_AMOUNT'],
    ['PAY 0 2127875466', 'BAD_AMOUNT'],
    ['PAY 2.555 2127875466', 'BAD_AMOUNT'],
    ['PAY 20', 'BAD_NUMBER'],
    ['PAY 20 212-787-5466', 'BAD_NUMBER'],
    ['PAY 20 0127875466', 'BAD_NUMBER'],
    ['PAY 20 2127875466 PIN 12', 'BAD_PIN'],
    ['BAL 2127875466', 'EXTRA_WORDS'],
    ['ACCEPT 1 2', 'EXTRA_WORDS'],
    ['ACCEPT $$', 'BAD_HANDLE'],
    ['INVITE', 'BAD_NUMBER'],
    ['JOIN 12', 'BAD_PIN'],
  ];
  it.each(errors)('refuses %j with %s', (text, code) => {
    const result = parseSmsCommand(text, SENDER);
    expect(result).toMatchObject({ kind: 'error', code });
  });

  it('never quotes the typed text in an error', () => {
    const result = parseSmsCommand('PAY 20 12 PIN 97531', SENDER);
    expect(JSON.stringify(result)).not.toContain('97531');
    expect(result).toMatchObject({ kind: 'error' });
  });

  it('uses the configured country for national numbers', () => {
    expect(parseSmsCommand('PAY 1 0612345678', '+33612345679', { defaultCountry: '33' })).toEqual({
      kind: 'pay',
      amount: '1',
      counterparty: '+33612345678',
      message: '',
    });
  });

  it('says which commands need a PIN', () => {
    const kinds = ['PAY 1 2127875466', 'BAL', 'HISTORY', 'ACCEPT', 'JOIN'];
    for (const text of kinds) {
      const c = parseSmsCommand(text, SENDER);
      expect(c.kind !== 'error' && needsPin(c)).toBe(true);
    }
    for (const text of ['HELP', 'INVITE 2127875466', 'PIN 8642']) {
      const c = parseSmsCommand(text, SENDER);
      expect(c.kind !== 'error' && needsPin(c)).toBe(false);
    }
  });

  it('returns a command or an error for any text, and the same for the same text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const first = parseSmsCommand(text, SENDER);
        expect(parseSmsCommand(text, SENDER)).toEqual(first);
        expect(typeof first.kind).toBe('string');
      }),
      { seed: 20261123, numRuns: 500 },
    );
  });
});
