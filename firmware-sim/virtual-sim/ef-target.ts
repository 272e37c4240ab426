// Which EF a file command addresses and whether it may act on it: the current EF, or an EF named
// by a short file identifier (TS 102 221 §8.3: READ/UPDATE BINARY P1 b8 = 1, record commands
// P2 b8-b4), its structure (§8.2), the access condition of the operation (§9.5) and whether it
// is invalidated (TS 51.011 §9.2.14: 9810; TS 102 221 §10.2.1.3: 6283).
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState, EfContent } from './card-state.ts';
import type { EfSpec, Structure } from './file-layout.ts';
import { accessAllowed, contentOf, currentEf, efBySfi, makeCurrent } from './file-system.ts';
import { fail, type Dialect, type Outcome } from './outcome.ts';

/** The operation a command performs, deciding which access condition applies. */
export type Operation = 'read' | 'update' | 'increase';

/** An EF a command may act on. */
export interface Target {
  readonly spec: EfSpec;
  readonly content: EfContent;
}

/** Picks the EF (SFI 0 = current EF), checks its structure and access condition. */
export function targetEf(
  state: CardState,
  dialect: Dialect,
  sfi: number,
  operation: Operation,
  structures: readonly Structure[],
): Target | Outcome {
  let spec = currentEf(state);
  if (sfi !== 0) {
    spec = efBySfi(state, sfi, dialect);
    if (spec === undefined) return fail(dialect, 'fileNotFound');
    makeCurrent(state, spec);
  }
  if (spec === undefined) return fail(dialect, 'noEfSelected');
  if (!structures.includes(spec.structure)) return fail(dialect, 'fileInconsistent');
  const condition = operation === 'increase' ? spec.increase : spec[operation];
  if (condition === undefined) return fail(dialect, 'fileInconsistent');
  if (!accessAllowed(state, condition)) return fail(dialect, 'securityNotSatisfied');
  if (state.invalidated.includes(spec.shares ?? spec.path)) return fail(dialect, 'fileInvalidated');
  return { spec, content: contentOf(state, spec) };
}

/** True when `targetEf` refused the command. */
export const isOutcome = (t: Target | Outcome): t is Outcome => 'sw' in t;

/** The SFI of a UICC binary command (P1 b8 = 1), 0 otherwise; -1 for P1 b7-b6 not zero. */
export function binarySfi(apdu: CommandApdu, dialect: Dialect): number {
  if (dialect === 'gsm' || (apdu.p1 & 0x80) === 0) return 0;
  return (apdu.p1 & 0x60) === 0 ? apdu.p1 & 0x1f : -1;
}

/** The SFI of a UICC record command (P2 b8-b4), 0 for the current EF and for GSM. */
export const recordSfi = (apdu: CommandApdu, dialect: Dialect): number =>
  dialect === 'gsm' ? 0 : apdu.p2 >> 3;
