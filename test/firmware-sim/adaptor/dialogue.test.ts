// The payment dialogue as pure steps (TS 102 223 §6.4.3 GET INPUT, §6.4.9 SELECT ITEM, §6.8
// answers) and the request text it produces.
import { describe, expect, it } from 'vitest';
import type { TerminalResponse } from '../../../protocol/cat/index.ts';
import {
  answer,
  nextField,
  question,
  requestOf,
  type Dialogue,
} from '../../../firmware-sim/adaptor/generator/dialogue.ts';
import { requestText } from '../../../firmware-sim/adaptor/generator/payment-request.ts';

const details = { commandNumber: 1, commandType: 0x23, qualifier: 0 };
const typed = (text: string): TerminalResponse => ({
  command: details,
  result: { code: 0 },
  text: { coding: 'gsm8', text },
});
const chose = (itemIdentifier: number): TerminalResponse => ({
  command: details,
  result: { code: 0 },
  itemIdentifier,
});

describe('payment dialogue', () => {
  it('asks amount, target, message choice, message and PIN for PAY', () => {
    let d: Dialogue | string = { keyword: 'PAY', answers: {} };
    const asked: string[] = [];
    const replies: Record<string, TerminalResponse> = {
      amount: typed('$20.50'),
      target: typed('4085551212'),
      wantsMessage: chose(2),
      message: typed('lunch'),
      pin: typed('8642'),
    };
    for (let field = nextField(d); field !== undefined; field = nextField(d as Dialogue)) {
      asked.push(field);
      d = answer(d as Dialogue, field, replies[field]!);
      if (typeof d === 'string') throw new Error(d);
    }
    expect(asked).toEqual(['amount', 'target', 'wantsMessage', 'message', 'pin']);
    const request = requestOf(d as Dialogue);
    expect(requestText(request)).toBe('PAY 20.50 4085551212 lunch\nPIN 8642');
  });

  it('asks only the PIN for BALANCE, hidden and digits only', () => {
    const d: Dialogue = { keyword: 'BALANCE', answers: {} };
    expect(nextField(d)).toBe('pin');
    const q = question('pin');
    expect(q.type === 'getInput' && q.hideInput && !q.alphabet).toBe(true);
  });

  it.each([
    ['amount', typed('twenty'), 'Invalid amount'],
    ['target', typed('12'), 'Invalid number'],
    ['amount', { command: details, result: { code: 0x10 } }, 'Cancelled'],
  ] as const)('ends the dialogue on a bad %s', (field, tr, reason) => {
    expect(answer({ keyword: 'PAY', answers: {} }, field, tr)).toBe(reason);
  });
});
