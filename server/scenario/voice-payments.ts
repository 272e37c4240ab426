// The IVR's processRequest for a scenario's calls: payRequest (CommandID 10 of
// fixtures/voice/commands.json) becomes a payment by the payment service and is answered with
// payResponse (status 0 and the transaction number, or a refusal status); other commands get
// errorResponse. Amounts travel in minor units; account numbers are E.164 digits without `+`.
import { formatAmount } from '../ledger/money.ts';
import type { Request, Response } from '../../modem/voice/request.ts';
import { PaymentError, type PaymentService } from '../payments/service.ts';

const PAY_REQUEST = 10;
const PAY_RESPONSE = 11;
const ERROR_RESPONSE = 90;
/** payResponse status values. */
export const VOICE_STATUS = { ok: 0, refused: 1, badRequest: 2 } as const;

/** A voice request the IVR carried out, for the run's report. */
export interface VoicePayment {
  readonly caller: string;
  readonly status: number;
  readonly detail: string;
}

/**
 * processRequest for calls from `caller`: the source account must be the caller's own number
 * (the switch's calling line identity); `reference` keys the payment so a retransmitted request
 * never pays twice.
 */
export function voicePayments(
  service: PaymentService,
  caller: string,
  reference: string,
  log: VoicePayment[],
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.commandId !== PAY_REQUEST)
      return { responseId: ERROR_RESPONSE, params: { 1: '404' } };
    const source = `+${String(request.params[1] ?? '')}`;
    const answer = (status: number, detail: string, transaction?: string): Response => {
      log.push({ caller, status, detail });
      return {
        responseId: PAY_RESPONSE,
        params:
          transaction === undefined ? { 1: String(status) } : { 1: String(status), 2: transaction },
      };
    };
    if (source !== caller)
      return answer(VOICE_STATUS.badRequest, `account ${source} is not the caller ${caller}`);
    try {
      const payment = await service.send({
        msisdn: caller,
        pin: String(request.params[4] ?? ''),
        to: `+${String(request.params[2] ?? '')}`,
        amount: formatAmount(BigInt(Number(request.params[3] ?? 0))),
        reference,
      });
      const transaction = payment.paymentId.replace(/[^0-9]/g, '').slice(-12) || '0';
      return answer(VOICE_STATUS.ok, `paid ${payment.amount} to ${payment.payee}`, transaction);
    } catch (error) {
      if (!(error instanceof PaymentError)) throw error;
      return answer(VOICE_STATUS.refused, error.code);
    }
  };
}
