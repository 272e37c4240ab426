// PIN correlation for plain SMS (SOURCE-NOTES PIN-01, PIN-05, X-06; DESIGN.md "Encryption and
// sequence numbers"): a command sent without its PIN waits per sender number; the PIN arriving in a
// second SMS or by DTMF call-back within the window releases it, a late PIN finds nothing. Each held
// command gets a ticket (1-999999) the member is told, for a PIN keyed on a call to the IVR.
import type { Clock } from '../ledger/ledger.ts';
import type { ParsedCommand } from './sms-command.ts';

/** A command that needs a PIN, as held. */
export type HeldCommand = Exclude<ParsedCommand, { kind: 'pin' | 'help' | 'invite' }>;

/** Default correlation window: five minutes. */
export const DEFAULT_PIN_WINDOW_MS = 5 * 60_000;

/** Most commands held at once; the oldest is dropped beyond this. */
export const MAX_HELD = 10_000;

/** What a PIN finds. */
export type PinMatch =
  | {
      readonly kind: 'command';
      readonly command: HeldCommand;
      /** The payment reference of the SMS that carried the command. */
      readonly reference: string;
      readonly heldAt: number;
      readonly ticket: number;
    }
  | { readonly kind: 'expired' }
  | { readonly kind: 'none' };

/** Commands waiting for their PIN, one per sender (a newer command replaces an older one). */
export class PinCorrelator {
  private readonly held = new Map<
    string,
    { command: HeldCommand; reference: string; at: number; ticket: number }
  >();
  private tickets = 0;

  constructor(
    private readonly clock: Clock,
    readonly windowMs: number = DEFAULT_PIN_WINDOW_MS,
  ) {}

  /**
   * Holds `command` from `msisdn` (sent with payment `reference`) until its PIN arrives; returns
   * the command's ticket.
   */
  hold(msisdn: string, command: HeldCommand, reference: string): number {
    this.tickets = (this.tickets % 999_999) + 1;
    const ticket = this.tickets;
    this.held.delete(msisdn);
    this.held.set(msisdn, { command, reference, at: this.clock.now(), ticket });
    if (this.held.size > MAX_HELD) this.held.delete(this.held.keys().next().value!);
    return ticket;
  }

  /** The ticket of the command waiting for `msisdn`'s PIN, if one waits. */
  ticketOf(msisdn: string): number | undefined {
    return this.held.get(msisdn)?.ticket;
  }

  /** Takes the command waiting for `msisdn`'s PIN, if it is still within the window. */
  take(msisdn: string): PinMatch {
    const entry = this.held.get(msisdn);
    if (entry === undefined) return { kind: 'none' };
    this.held.delete(msisdn);
    if (this.clock.now() - entry.at > this.windowMs) return { kind: 'expired' };
    return {
      kind: 'command',
      command: entry.command,
      reference: entry.reference,
      heldAt: entry.at,
      ticket: entry.ticket,
    };
  }

  /** True when a command from `msisdn` waits for its PIN (expired ones included). */
  waiting(msisdn: string): boolean {
    return this.held.has(msisdn);
  }
}
