// The plain SMS path (DESIGN.md; SOURCE-NOTES CH-04, CH-06, PIN-01, PIN-05, PIN-06): text from
// handsets without an adaptor, accepted only for members whose record allows it; the PIN in the
// same SMS, in a second SMS within the correlation window, or keyed on a DTMF call-back.
import type { CommandOutcome, RunnerDeps } from './command-runner.ts';
import { runCommand } from './command-runner.ts';
import type { PinCorrelator } from './pin-correlation.ts';
import { DELETE_ADVICE, HELP_TEXT, refusalText } from './replies.ts';
import { isParseError, needsPin, parseSmsCommand, type ParsedCommand } from './sms-command.ts';

/** What the plain path needs besides the runner's services. */
export interface PlainDeps extends RunnerDeps {
  readonly correlator: PinCorrelator;
  readonly defaultCountry: string;
  /** Asks the IVR to call the member back and collect the PIN by DTMF (PIN-01, PIN-02). */
  readonly callForPin?: (msisdn: string) => void;
}

const only = (reply: string): CommandOutcome => ({ reply, notices: [] });

function withAdvice(outcome: CommandOutcome): CommandOutcome {
  return { ...outcome, reply: outcome.reply + DELETE_ADVICE };
}

/** What a PIN found, and the outcome of the command it released. */
export type PinOutcome = CommandOutcome & { readonly found: 'command' | 'expired' | 'none' };

/** Runs the command waiting for `msisdn` with the PIN that just arrived. */
export async function releaseWithPin(
  deps: PlainDeps,
  msisdn: string,
  pin: string,
): Promise<PinOutcome> {
  const match = await deps.correlator.take(msisdn);
  if (match.kind === 'expired')
    return { ...only('Your PIN came too late; send the command again.'), found: 'expired' };
  if (match.kind === 'none') return { ...only('No command is waiting for a PIN.'), found: 'none' };
  const outcome = await runCommand(deps, match.command, msisdn, pin, match.reference);
  return { ...outcome, found: 'command' };
}

async function holdForPin(
  deps: PlainDeps,
  msisdn: string,
  command: Exclude<ParsedCommand, { kind: 'pin' | 'help' | 'invite' }>,
  reference: string,
): Promise<CommandOutcome> {
  const ticket = await deps.correlator.hold(msisdn, command, reference);
  deps.callForPin?.(msisdn);
  const minutes = Math.max(1, Math.round(deps.correlator.windowMs / 60_000));
  return only(
    `Send PIN and your PIN in an SMS within ${minutes} min, or answer our call to key it in ` +
      `(ref ${ticket}).`,
  );
}

/** Handles the text of one plain SMS from `msisdn` (E.164); `reference` is its payment key. */
export async function handlePlainText(
  deps: PlainDeps,
  msisdn: string,
  text: string,
  reference: string,
): Promise<CommandOutcome> {
  const command = parseSmsCommand(text, msisdn, { defaultCountry: deps.defaultCountry });
  if (isParseError(command)) return only(`Not understood: ${command.message}.`);
  if (command.kind === 'help') return only(HELP_TEXT);
  const member = await deps.service.ctx.members.get(msisdn);
  if (command.kind === 'join') {
    if (command.pin === undefined) return only('Send JOIN PIN and a new PIN of 4 to 8 digits.');
    if (member) return only(refusalText('MEMBER_EXISTS'));
    return withAdvice(await runCommand(deps, command, msisdn, command.pin, reference));
  }
  if (!member) return only(refusalText('MEMBER_UNKNOWN'));
  if (!(await deps.registry.plainSmsAllowed(msisdn)))
    return only('Plain SMS payments are not enabled for your number.');
  if (command.kind === 'pin') return withAdvice(await releaseWithPin(deps, msisdn, command.pin));
  const pin = 'pin' in command ? command.pin : undefined;
  if (command.kind !== 'invite' && needsPin(command) && pin === undefined)
    return holdForPin(deps, msisdn, command, reference);
  const outcome = await runCommand(deps, command, msisdn, pin, reference);
  return pin === undefined ? outcome : withAdvice(outcome);
}
