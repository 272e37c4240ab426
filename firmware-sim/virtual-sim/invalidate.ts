// INVALIDATE and REHABILITATE of the current EF (TS 51.011 §9.2.14/§9.2.15), under the ADM
// condition the EF response announces (byte 11); an invalidated EF refuses READ, UPDATE, SEEK
// and INCREASE with 9810 until rehabilitated.
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { accessAllowed, currentEf } from './file-system.ts';
import { OK, fail, type Outcome } from './outcome.ts';

/** INVALIDATE (`invalidate` true) or REHABILITATE (false) in the GSM class. */
export function setInvalidated(state: CardState, apdu: CommandApdu, invalidate: boolean): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail('gsm', 'wrongP1P2');
  if (apdu.data.length > 0) return fail('gsm', 'wrongLength');
  const spec = currentEf(state);
  if (spec === undefined) return fail('gsm', 'noEfSelected');
  if (!accessAllowed(state, 'ADM')) return fail('gsm', 'securityNotSatisfied');
  const path = spec.shares ?? spec.path;
  const others = state.invalidated.filter((p) => p !== path);
  state.invalidated = invalidate ? [...others, path] : others;
  return OK;
}
