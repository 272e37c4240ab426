// The SMS a member gets after paying by call (SOURCE-NOTES V-21): a caller whose SIM adaptor sends
// the request with SEND DTMF (TS 102 223 §6.4.24) cannot hear the IVR's answer, so the payer is
// told the outcome of each payRequest by SMS, and the payee of a payment made, as after SMS payments.
import { findByName, type CommandTable } from '../../modem/voice/command-table.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import { formatAmount } from '../ledger/money.ts';
import { MsisdnError, normaliseMsisdn } from '../members/msisdn.ts';

/** What runs voice requests (VoicePayments). */
export interface VoiceRequestRunner {
  processRequest(request: Request, caller: string): Promise<Response>;
}

/** Where receipts go and how amounts are shown. */
export interface VoiceReceiptOptions {
  readonly table: CommandTable;
  readonly currency: string;
  readonly exponent: number;
  readonly defaultCountry: string;
  /** Sends a plain SMS from the server; a failure is reported to `onError`, never to the call. */
  readonly sendText: (msisdn: string, text: string) => Promise<void>;
  readonly onError?: (error: unknown) => void;
}

/** payResponse status digits (docs/voice-protocol.md command table). */
const PAID = '0';
const AWAITING = '1';

/** The texts for one payRequest and its response: to the payer always, to the payee when paid. */
export function receiptTexts(
  request: Request,
  response: Response,
  caller: string,
  options: VoiceReceiptOptions,
): { readonly msisdn: string; readonly text: string }[] {
  const amount = request.params[3];
  const minor = typeof amount === 'number' && Number.isSafeInteger(amount) ? BigInt(amount) : 0n;
  const shown = `${options.currency} ${formatAmount(minor, options.exponent)}`;
  const payee = numberOf(String(request.params[2] ?? ''), options.defaultCountry);
  const params = response.params;
  if (response.responseId === findByName(options.table, 'errorResponse')?.spec.id)
    return [
      {
        msisdn: caller,
        text: `Call payment of ${shown} to ${payee} refused: ${String(params[2] ?? params[1])}.`,
      },
    ];
  const ref = params[2] === undefined ? '' : ` Ref ${String(params[2])}.`;
  if (params[1] === PAID)
    return [
      { msisdn: caller, text: `Paid ${shown} to ${payee} by call.${ref}` },
      { msisdn: payee, text: `Received ${shown} from ${caller}.` },
    ];
  const state = params[1] === AWAITING ? `waits for ${payee} to accept` : `is held for ${payee}`;
  return [{ msisdn: caller, text: `Call payment of ${shown} ${state}.${ref}` }];
}

/** `runner` whose payRequests, once run, send their receipts by SMS. */
export function withSmsReceipts(
  runner: VoiceRequestRunner,
  options: VoiceReceiptOptions,
): VoiceRequestRunner {
  const payId = findByName(options.table, 'payRequest');
  if (payId?.kind !== 'command') throw new RangeError('the command table has no payRequest');
  return {
    async processRequest(request, caller) {
      const response = await runner.processRequest(request, caller);
      if (request.commandId !== payId.spec.id) return response;
      const msisdn = numberOf(caller, options.defaultCountry);
      for (const receipt of receiptTexts(request, response, msisdn, options))
        await options.sendText(receipt.msisdn, receipt.text).catch((e) => options.onError?.(e));
      return response;
    },
  };
}

function numberOf(digits: string, defaultCountry: string): string {
  try {
    return normaliseMsisdn(digits, { defaultCountry });
  } catch (error) {
    if (error instanceof MsisdnError) return digits;
    throw error;
  }
}
