// INVALIDATE and REHABILITATE of the current EF (TS 51.011 §9.2.14/§9.2.15) and their UICC
// counterparts DEACTIVATE FILE and ACTIVATE FILE (TS 102 221 §11.1.14/§11.1.15, current EF only:
// P1 P2 00 00, no data), under ADM1; an invalidated EF refuses READ, UPDATE, SEEK/SEARCH and
// INCREASE (9810 / 6283) until rehabilitated.
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { accessAllowed, currentEf } from './file-system.ts';
import { OK, fail, type Dialect, type Outcome } from './outcome.ts';

/** Invalidates (`invalidate` true) or rehabilitates (false) the current EF. */
export function setInvalidated(
  state: CardState,
  apdu: CommandApdu,
  dialect: Dialect,
  invalidate: boolean,
): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  const spec = currentEf(state);
  if (spec === undefined) return fail(dialect, 'noEfSelected');
  if (!accessAllowed(state, 'ADM')) return fail(dialect, 'securityNotSatisfied');
  const path = spec.shares ?? spec.path;
  const others = state.invalidated.filter((p) => p !== path);
  state.invalidated = invalidate ? [...others, path] : others;
  return OK;
}
