// READ RECORD and UPDATE RECORD with the record pointer: TS 51.011 §9.2.5/§9.2.6 and TS 102 221
// §11.1.5/§11.1.6. Modes (P2 b3-b1): 02 next, 03 previous, 04 absolute (P1 = 00: current record).
// Linear fixed EFs stop at either end; cyclic EFs wrap, and are updated in previous mode only,
// the oldest record becoming record 1.
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { isOutcome, recordSfi, targetEf } from './ef-target.ts';
import type { Structure } from './file-layout.ts';
import { OK, fail, leOf, wrongLe, type Dialect, type Outcome } from './outcome.ts';

export const MODE_NEXT = 0x02;
export const MODE_PREVIOUS = 0x03;
export const MODE_ABSOLUTE = 0x04;
const RECORD_STRUCTURES: readonly Structure[] = ['linear-fixed', 'cyclic'];

/**
 * The record a mode designates (1-based), or undefined when there is none. Moves the record
 * pointer for next/previous.
 */
export function designateRecord(
  state: CardState,
  mode: number,
  p1: number,
  count: number,
  cyclic: boolean,
): number | undefined {
  const current = state.volatile.record;
  let n: number | undefined;
  if (mode === MODE_ABSOLUTE) {
    n = p1 === 0 ? current : p1;
    return n !== undefined && n >= 1 && n <= count ? n : undefined;
  }
  if (mode === MODE_NEXT) n = current === undefined ? 1 : current + 1;
  else n = current === undefined ? count : current - 1;
  if (n > count) n = cyclic ? 1 : undefined;
  else if (n < 1) n = cyclic ? count : undefined;
  if (n !== undefined) state.volatile.record = n;
  return n;
}

function checkMode(apdu: CommandApdu, dialect: Dialect): Outcome | undefined {
  const mode = apdu.p2 & 0x07;
  const sfiBits = dialect === 'gsm' ? apdu.p2 & 0xf8 : 0;
  if (sfiBits !== 0 || mode < MODE_NEXT || mode > MODE_ABSOLUTE) return fail(dialect, 'wrongP1P2');
  if (mode !== MODE_ABSOLUTE && apdu.p1 !== 0) return fail(dialect, 'wrongP1P2');
  if (recordSfi(apdu, dialect) === 0x1f) return fail(dialect, 'wrongP1P2');
  return undefined;
}

/** READ RECORD: Le must be the record length. */
export function readRecord(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  const bad = checkMode(apdu, dialect);
  if (bad) return bad;
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  const target = targetEf(state, dialect, recordSfi(apdu, dialect), 'read', RECORD_STRUCTURES);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'records') return fail(dialect, 'fileInconsistent');
  const { records } = target.content;
  if (leOf(apdu) !== target.spec.length) return wrongLe(dialect, target.spec.length);
  const cyclic = target.spec.structure === 'cyclic';
  const n = designateRecord(state, apdu.p2 & 0x07, apdu.p1, records.length, cyclic);
  if (n === undefined) return fail(dialect, 'recordNotFound');
  return { sw: 0x9000, data: records[n - 1]!.slice() };
}

/** UPDATE RECORD: the data must be exactly one record. */
export function updateRecord(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  const bad = checkMode(apdu, dialect);
  if (bad) return bad;
  const target = targetEf(state, dialect, recordSfi(apdu, dialect), 'update', RECORD_STRUCTURES);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'records') return fail(dialect, 'fileInconsistent');
  if (apdu.data.length !== target.spec.length) return fail(dialect, 'wrongLength');
  const { records } = target.content;
  const mode = apdu.p2 & 0x07;
  if (target.spec.structure === 'cyclic') {
    if (mode !== MODE_PREVIOUS) return fail(dialect, 'wrongP1P2');
    records.pop();
    records.unshift(apdu.data.slice());
    state.volatile.record = 1;
    return OK;
  }
  const n = designateRecord(state, mode, apdu.p1, records.length, false);
  if (n === undefined) return fail(dialect, 'recordNotFound');
  records[n - 1] = apdu.data.slice();
  return OK;
}
