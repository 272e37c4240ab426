// Runs a payment SMS command for its sender through the payment service (SOURCE-NOTES P-01..P-05,
// P-11, SV-17, VR-01..VR-03, E-04, U-10): the reply text for the sender and the SMS other people
// receive (payments received, invitations to non-members, requests and payments waiting for an
// answer, and the answer given to them). Refusals become text.
import type { PaymentErrorCode } from '../payments/errors.ts';
import { PaymentError, type PaymentService } from '../payments/service.ts';
import type { DeviceRecords } from './device-records.ts';
import type { HandleRecords } from './handles.ts';
import {
  answerPrompt,
  HELP_TEXT,
  invitationText,
  referralText,
  refusalText,
  sentText,
} from './replies.ts';
import { needsPin, type ParsedCommand, type TransferCommand } from './sms-command.ts';

/** What running a command produced. */
export interface CommandOutcome {
  readonly reply: string;
  /** SMS to other numbers. */
  readonly notices: readonly { readonly msisdn: string; readonly text: string }[];
  /** Set when the payment rules refused the command (the reply says why in words). */
  readonly refused?: PaymentErrorCode;
}

/** What commands run against. */
export interface RunnerDeps {
  readonly service: PaymentService;
  readonly registry: DeviceRecords;
  readonly handles: HandleRecords;
}

type Runnable = Exclude<ParsedCommand, { kind: 'pin' }>;

const only = (reply: string): CommandOutcome => ({ reply, notices: [] });

/**
 * Runs `command` for `sender` with `pin` (undefined for commands that need none); `reference`
 * is the idempotency key of a payment (the same reference never pays twice).
 */
export async function runCommand(
  deps: RunnerDeps,
  command: Runnable,
  sender: string,
  pin: string | undefined,
  reference: string,
): Promise<CommandOutcome> {
  if (needsPin(command) && pin === undefined)
    return only('Your PIN is missing: add PIN and your PIN at the end.');
  try {
    return await dispatch(deps, command, sender, pin ?? '', reference);
  } catch (error) {
    if (error instanceof PaymentError)
      return { reply: refusalText(error.code), notices: [], refused: error.code };
    throw error;
  }
}

function dispatch(
  deps: RunnerDeps,
  command: Runnable,
  msisdn: string,
  pin: string,
  reference: string,
): Promise<CommandOutcome> {
  switch (command.kind) {
    case 'pay':
      return pay(deps, command, msisdn, pin, reference);
    case 'request':
      return request(deps, command, msisdn, pin, reference);
    case 'balance':
      return balance(deps, msisdn, pin);
    case 'history':
      return history(deps, msisdn, pin);
    case 'accept':
    case 'decline':
      return answer(deps, command.kind, command.handle, msisdn, pin);
    case 'invite':
      return invite(deps, command.counterparty, msisdn);
    case 'join':
      return join(deps, msisdn, pin);
    case 'help':
      return Promise.resolve(only(HELP_TEXT));
  }
}

const currency = (deps: RunnerDeps, amount: string) =>
  `${deps.service.ctx.config.currency} ${amount}`;

async function pay(
  deps: RunnerDeps,
  c: TransferCommand,
  msisdn: string,
  pin: string,
  reference: string,
): Promise<CommandOutcome> {
  const { amount, counterparty: to, message } = c;
  const p = await deps.service.send({ msisdn, pin, to, amount, reference, message });
  const days = deps.service.ctx.config.holdDays;
  const shown = currency(deps, p.amount);
  const reply = sentText(p.status, shown, p.payee, p.balance.available, days);
  if (p.status === 'held')
    return { reply, notices: [{ msisdn: p.payee, text: invitationText(msisdn, shown, days) }] };
  if (p.status !== 'awaiting_acceptance')
    return { reply, notices: [{ msisdn: p.payee, text: `Received ${shown} from ${msisdn}.` }] };
  const handle = await deps.handles.assign(p.payee, p.paymentId);
  const text = answerPrompt('sent you', msisdn, shown, handle, p.message);
  return { reply, notices: [{ msisdn: p.payee, text }] };
}

async function request(
  deps: RunnerDeps,
  c: TransferCommand,
  msisdn: string,
  pin: string,
  reference: string,
): Promise<CommandOutcome> {
  const { amount, counterparty: from, message } = c;
  const r = await deps.service.request({ msisdn, pin, from, amount, reference, message });
  const shown = currency(deps, r.amount);
  const handle = await deps.handles.assign(r.payer, r.paymentId);
  const text = answerPrompt('asks you for', msisdn, shown, handle, r.message);
  return { reply: `Asked ${r.payer} for ${shown}.`, notices: [{ msisdn: r.payer, text }] };
}

async function balance(deps: RunnerDeps, msisdn: string, pin: string): Promise<CommandOutcome> {
  const b = await deps.service.balance({ msisdn, pin });
  const pending = b.pendingIn === b.pendingOut ? '' : `, pending in ${b.pendingIn}`;
  return only(`Balance ${currency(deps, b.available)}${pending}.`);
}

async function history(deps: RunnerDeps, msisdn: string, pin: string): Promise<CommandOutcome> {
  const h = await deps.service.history({ msisdn, pin, limit: 5 });
  const rows = h.transactions.map(
    (t) => `${t.key === 'debit' ? '-' : '+'}${t.amount} ${t.kind} ${t.counterparty}`,
  );
  return only([...rows, `Balance ${currency(deps, h.balance.available)}`].join('\n'));
}

async function answer(
  deps: RunnerDeps,
  kind: 'accept' | 'decline',
  handle: string | undefined,
  msisdn: string,
  pin: string,
): Promise<CommandOutcome> {
  const paymentId = await deps.handles.resolve(msisdn, handle);
  if (paymentId === undefined) return only(refusalText('PAYMENT_NOT_FOUND'));
  if (kind === 'decline') {
    const d = await deps.service.decline({ msisdn, pin, paymentId });
    const other = d.payer === msisdn ? d.payee : d.payer;
    const text = `${msisdn} declined ${currency(deps, d.amount)}.`;
    return { reply: 'Declined.', notices: [{ msisdn: other, text }] };
  }
  const p = await deps.service.accept({ msisdn, pin, paymentId });
  const shown = currency(deps, p.amount);
  const paying = p.payer === msisdn;
  const verb = paying ? `Paid ${p.payee}` : `Received from ${p.payer}`;
  const text = paying ? `Received ${shown} from ${msisdn}.` : `${msisdn} accepted ${shown}.`;
  return {
    reply: `${verb} ${shown}. Balance ${p.balance.available}`,
    notices: [{ msisdn: paying ? p.payee : p.payer, text }],
  };
}

async function invite(deps: RunnerDeps, to: string, msisdn: string): Promise<CommandOutcome> {
  if (!(await deps.service.ctx.members.get(msisdn))) return only(refusalText('MEMBER_UNKNOWN'));
  if (await deps.service.ctx.members.get(to)) return only(`${to} is already a member.`);
  return {
    reply: `Invitation sent to ${to}.`,
    notices: [{ msisdn: to, text: referralText(msisdn) }],
  };
}

async function join(deps: RunnerDeps, msisdn: string, pin: string): Promise<CommandOutcome> {
  const r = await deps.service.register({ msisdn, pin });
  await deps.registry.setPlainSmsAllowed(msisdn, true);
  const claimed = r.claimed.length > 0 ? ` ${r.claimed.length} payment(s) claimed.` : '';
  return only(`Welcome to simpay.${claimed} Balance ${currency(deps, r.balance.available)}`);
}
