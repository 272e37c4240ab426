// The voice application's encoder on the keypad codec of modem/keypad: a payment request as a
// command of the voice command table (payRequest, balance), numbers as digits, the amount in
// minor units, the PIN keypad-encoded, with `*` field markers and the `#` terminator (the keypad
// message that voice-frame.ts seals and frames).
import { encodeKeypadRequest } from '../../modem/keypad/keypad-codec.ts';
import {
  findByName,
  type CommandTable,
  type MessageSpec,
} from '../../modem/voice/command-table.ts';
import type { PaymentRequest } from './generator/payment-request.ts';
import type { VoiceEncoder } from './voice-app.ts';

/** Amount text (`20`, `$35.5`, `35.50`) in minor units. */
export function minorUnits(amount: string): number {
  const [whole = '0', fraction = ''] = amount.replace(/^\$/, '').split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}

function command(table: CommandTable, name: string): MessageSpec {
  const found = findByName(table, name);
  if (found?.kind !== 'command') throw new RangeError(`the command table has no command ${name}`);
  return found.spec;
}

function paramId(spec: MessageSpec, name: string): number {
  const param = spec.params.find((p) => p.name === name);
  if (param === undefined) throw new RangeError(`${spec.name} has no parameter ${name}`);
  return param.id;
}

/**
 * An encoder for requests from the account `account` (the subscriber's number). PAY and REQUEST
 * become payRequest, BALANCE and HISTORY become balance. RangeError when the table lacks them.
 */
export function keypadVoiceEncoder(table: CommandTable, account: string): VoiceEncoder {
  const pay = command(table, 'payRequest');
  const balance = command(table, 'balance');
  const digits = account.replace(/^\+/, '');
  return {
    keypadMessage(request: PaymentRequest): string {
      if (request.amount === undefined || request.target === undefined) {
        const params = {
          [paramId(balance, 'accountNumber')]: digits,
          [paramId(balance, 'pin')]: request.pin,
        };
        return encodeKeypadRequest(table, { commandId: balance.id, params });
      }
      const params = {
        [paramId(pay, 'sourceAccountNumber')]: digits,
        [paramId(pay, 'targetAccountNumber')]: request.target.replace(/^\+/, ''),
        [paramId(pay, 'amount')]: minorUnits(request.amount),
        [paramId(pay, 'pin')]: request.pin,
      };
      return encodeKeypadRequest(table, { commandId: pay.id, params });
    },
  };
}
