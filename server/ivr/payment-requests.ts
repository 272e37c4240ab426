// processRequest of the voice channel (docs/voice-protocol.md; SOURCE-NOTES V-21, V-24, V-25, PIN-01):
// each command of the table mapped onto the payment service for the calling number. payRequest pays
// (payResponse: status 0 paid, 1 waiting for the payee to accept, 2 held for a non-member, and the
// transactionNumber), balance answers the available balance in minor units, pinEntry releases a
// plain SMS command held for its PIN. The PIN is checked by the service; every refusal is an
// errorResponse (voice-errors.ts), never an exception.
import { randomUUID } from 'node:crypto';
import { DecodeError, toHex } from '../../protocol/bytes/index.ts';
import {
  findByName,
  type CommandTable,
  type MessageSpec,
} from '../../modem/voice/command-table.ts';
import {
  validateRequest,
  type ParamValue,
  type Request,
  type Response,
} from '../../modem/voice/request.ts';
import type { PinRelease } from '../gateway/gateway.ts';
import { formatAmount, MoneyError, parseAmount } from '../ledger/money.ts';
import { MsisdnError, normaliseMsisdn } from '../members/msisdn.ts';
import { PaymentError, type PaymentService } from '../payments/service.ts';
import type { TransactionNumbers } from './transaction-numbers.ts';
import { paymentRefusal, VOICE_REFUSALS, type VoiceRefusal } from './voice-errors.ts';

/** What voice requests run against. */
export interface VoicePaymentsOptions {
  readonly service: PaymentService;
  readonly table: CommandTable;
  readonly transactions: TransactionNumbers;
  /** Releases the plain SMS command holding `ticket` (the gateway's releasePin); pinEntry needs it. */
  readonly releasePin?: (msisdn: string, pin: string, ticket: number) => Promise<PinRelease>;
  /** Told about failures that are not refusals (answered with errorCode 500). */
  readonly onInternalError?: (error: unknown) => void;
}

/** A refusal raised inside a command, answered as an errorResponse. */
class Refused extends Error {
  constructor(readonly refusal: VoiceRefusal) {
    super(refusal.message);
  }
}

const STATUS: Readonly<Record<string, string>> = {
  completed: '0',
  awaiting_acceptance: '1',
  held: '2',
};

/** The payment service behind the voice channel. */
export class VoicePayments {
  /** Throws RangeError when the table lacks the responses answered here. */
  constructor(private readonly options: VoicePaymentsOptions) {
    for (const name of ['payResponse', 'balanceResponse', 'pinResponse', 'errorResponse'])
      responseSpec(options.table, name);
  }

  /** Runs `request` for the calling number `caller`; always resolves to a Response. */
  async processRequest(request: Request, caller: string): Promise<Response> {
    try {
      const spec = validateRequest(this.options.table, request);
      const msisdn = this.number(caller);
      const get = (name: string) => valueOf(spec, request, name);
      switch (spec.name) {
        case 'payRequest':
          return await this.pay(msisdn, get);
        case 'balance':
          return await this.balance(msisdn, get);
        case 'pinEntry':
          return await this.pinEntry(msisdn, get);
        default:
          return this.error(VOICE_REFUSALS.notImplemented);
      }
    } catch (error) {
      return this.error(this.refusalOf(error));
    }
  }

  private refusalOf(error: unknown): VoiceRefusal {
    if (error instanceof Refused) return error.refusal;
    if (error instanceof PaymentError) return paymentRefusal(error.code);
    if (error instanceof MoneyError) return paymentRefusal('INVALID_AMOUNT');
    if (error instanceof MsisdnError) return paymentRefusal('INVALID_MSISDN');
    if (error instanceof DecodeError) return VOICE_REFUSALS.badRequest;
    this.options.onInternalError?.(error);
    return VOICE_REFUSALS.internal;
  }

  private number(account: ParamValue | undefined): string {
    const { defaultCountry } = this.options.service.ctx.config;
    return normaliseMsisdn(String(account ?? ''), { defaultCountry });
  }

  /** The caller's own account and PIN: another account is refused, a missing PIN too. */
  private own(msisdn: string, account: ParamValue | undefined, pin: ParamValue | undefined) {
    if (this.number(account) !== msisdn) throw new Refused(VOICE_REFUSALS.notYourAccount);
    if (pin === undefined) throw new Refused(VOICE_REFUSALS.pinRequired);
    return { msisdn, pin: String(pin) };
  }

  private async pay(msisdn: string, get: Getter): Promise<Response> {
    const auth = this.own(msisdn, get('sourceAccountNumber'), get('pin'));
    const { exponent } = this.options.service.ctx.config;
    const payment = await this.options.service.send({
      ...auth,
      to: String(get('targetAccountNumber')),
      amount: formatAmount(BigInt(get('amount') ?? 0), exponent),
      reference: this.reference(get('reference')),
    });
    return this.respond('payResponse', {
      status: STATUS[payment.status] ?? '0',
      transactionNumber: await this.options.transactions.numberFor(payment.paymentId),
    });
  }

  private async balance(msisdn: string, get: Getter): Promise<Response> {
    const auth = this.own(msisdn, get('accountNumber'), get('pin'));
    const view = await this.options.service.balance(auth);
    const minor = parseAmount(view.available, this.options.service.ctx.config.exponent);
    return this.respond('balanceResponse', { status: '0', balance: Number(minor) });
  }

  private async pinEntry(msisdn: string, get: Getter): Promise<Response> {
    const auth = this.own(msisdn, get('accountNumber'), get('pin'));
    const release = this.options.releasePin;
    if (!release) return this.error(VOICE_REFUSALS.notImplemented);
    const ticket = String(get('transactionNumber'));
    const released = await release(auth.msisdn, auth.pin, Number(ticket));
    if (released.found === 'none') return this.error(VOICE_REFUSALS.nothingWaiting);
    if (released.found === 'expired') return this.error(VOICE_REFUSALS.tooLate);
    if (released.refused) return this.error(paymentRefusal(released.refused));
    return this.respond('pinResponse', { status: '0', transactionNumber: ticket });
  }

  /**
   * The idempotency key: the caller's reference (hex, so any keypad text fits), else a new random
   * one (unique across restarts and server processes; the IVR itself never runs a frame twice).
   */
  private reference(given: ParamValue | undefined): string {
    if (given !== undefined) return `ivr-${toHex(new TextEncoder().encode(String(given)))}`;
    return `ivr-${randomUUID().replace(/-/g, '')}`;
  }

  private respond(name: string, values: Readonly<Record<string, ParamValue>>): Response {
    const spec = responseSpec(this.options.table, name);
    const params: Record<number, ParamValue> = {};
    for (const p of spec.params) if (values[p.name] !== undefined) params[p.id] = values[p.name]!;
    return { responseId: spec.id, params };
  }

  private error(refusal: VoiceRefusal): Response {
    return this.respond('errorResponse', {
      errorCode: String(refusal.code),
      message: refusal.message,
    });
  }
}

type Getter = (name: string) => ParamValue | undefined;

function valueOf(spec: MessageSpec, request: Request, name: string): ParamValue | undefined {
  const param = spec.params.find((p) => p.name === name);
  return param === undefined ? undefined : request.params[param.id];
}

function responseSpec(table: CommandTable, name: string): MessageSpec {
  const found = findByName(table, name);
  if (found?.kind !== 'response') throw new RangeError(`the command table has no ${name}`);
  return found.spec;
}
