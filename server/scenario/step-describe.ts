// Scenario actions in words for reports and progress lines, and the number that acts in each.
import { formatAmount } from '../ledger/money.ts';
import type { StepAction } from './scenario-types.ts';

/** One line saying what the action does. */
export function describeAction(a: StepAction): string {
  switch (a.kind) {
    case 'send':
      return `${a.from} pays ${formatAmount(a.amount)} to ${a.to} (${a.via === 'menu' ? 'adaptor menu' : 'SMS from SIM storage'})`;
    case 'sms':
      return `${a.from} sends the plain SMS "${a.text}"`;
    case 'pinCall':
      return `the server calls ${a.to} back for the PIN (DTMF)`;
    case 'call':
      return `${a.from} pays ${formatAmount(a.amount)} to ${a.to} by voice call (${a.mode.toUpperCase()}${a.via === 'adaptor' ? ", from the adaptor's menu" : ''})`;
    case 'request':
      return `${a.from} requests ${formatAmount(a.amount)} from ${a.to}`;
    case 'accept':
      return `${a.by} answers the waiting request: ${a.decision}`;
    case 'invite':
      return `${a.from} pays ${formatAmount(a.amount)} to the non-member ${a.to}`;
    case 'join':
      return `${a.msisdn} joins at ${a.bank}`;
    case 'replay':
      return `the carrier delivers SMS ${a.index} of ${a.from} again`;
    case 'pullSim':
      return `the SIM of ${a.handset} is pulled out`;
    case 'insertSim':
      return `the SIM of ${a.handset} is put back`;
    case 'wait':
      return `${formatDuration(a.ms)} pass`;
  }
}

/** The number whose handset acts in the step, when one does. */
export function actorOf(a: StepAction): string | undefined {
  switch (a.kind) {
    case 'send':
    case 'sms':
    case 'call':
    case 'request':
    case 'invite':
    case 'replay':
      return a.from;
    case 'accept':
      return a.by;
    case 'pinCall':
      return a.to;
    default:
      return undefined;
  }
}

/** 1500 -> "1.5 s", 86400000 -> "1 d". */
export function formatDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms >= size) return `${+(ms / size).toFixed(1)} ${unit}`;
  return `${ms} ms`;
}
