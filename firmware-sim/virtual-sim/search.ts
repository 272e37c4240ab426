// SEEK (TS 51.011 §9.2.7: types 1 and 2, pattern at the start of the record), SEARCH RECORD
// (TS 102 221 §11.1.7: simple search anywhere in the record, enhanced search from an offset or
// after a byte value) and INCREASE on cyclic EFs (TS 51.011 §9.2.8, TS 102 221 §11.3.1).
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import { concatBytes } from '../../protocol/bytes/index.ts';
import type { CardState } from './card-state.ts';
import { isOutcome, recordSfi, targetEf } from './ef-target.ts';
import { OK, deferred, fail, type Dialect, type Outcome } from './outcome.ts';

/** Record numbers in search order: forward from `start` or backward from it, within 1..count. */
function order(start: number, forward: boolean, count: number): number[] {
  const out: number[] = [];
  if (forward) for (let n = start; n <= count; n++) out.push(n);
  else for (let n = start; n >= 1; n--) out.push(n);
  return out;
}

const startsWith = (record: Uint8Array, pattern: Uint8Array, at = 0): boolean =>
  at + pattern.length <= record.length && pattern.every((b, i) => record[at + i] === b);

function containsFrom(record: Uint8Array, pattern: Uint8Array, from: number): boolean {
  for (let at = from; at + pattern.length <= record.length; at++) {
    if (startsWith(record, pattern, at)) return true;
  }
  return false;
}

/** GSM SEEK: P2 b5 type (0: type 1, 1: type 2), b1-b2 mode (0 first, 1 last, 2 next, 3 previous). */
export function seek(state: CardState, apdu: CommandApdu): Outcome {
  const type2 = (apdu.p2 & 0xf0) === 0x10;
  const mode = apdu.p2 & 0x0f;
  if (apdu.p1 !== 0 || (apdu.p2 & 0xe0) !== 0 || mode > 3) return fail('gsm', 'wrongP1P2');
  const target = targetEf(state, 'gsm', 0, 'read', ['linear-fixed']);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'records') return fail('gsm', 'fileInconsistent');
  const pattern = apdu.data;
  if (pattern.length < 1 || pattern.length > Math.min(16, target.spec.length)) {
    return fail('gsm', 'wrongLength');
  }
  const { records } = target.content;
  const current = state.volatile.record;
  const starts = [1, records.length, (current ?? 0) + 1, (current ?? records.length + 1) - 1];
  const candidates = order(starts[mode]!, mode % 2 === 0, records.length);
  const found = candidates.find((n) => startsWith(records[n - 1]!, pattern));
  if (found === undefined) return fail('gsm', 'patternNotFound');
  state.volatile.record = found;
  return type2 ? deferred(Uint8Array.of(found)) : OK;
}

/** Where an enhanced search looks in a record, from its indication byte (table 11.12). */
function enhancedMatch(indication: number, parameter: number) {
  const byValue = (indication & 0x08) !== 0;
  return (record: Uint8Array, pattern: Uint8Array): boolean => {
    const from = byValue ? record.indexOf(parameter) + 1 : parameter;
    return from > 0 || !byValue ? containsFrom(record, pattern, from) : false;
  };
}

/** UICC SEARCH RECORD: returns the numbers of all matching records. */
export function searchRecord(state: CardState, apdu: CommandApdu): Outcome {
  const mode = apdu.p2 & 0x07;
  if (mode !== 0x04 && mode !== 0x05 && mode !== 0x06) return fail('uicc', 'wrongP1P2');
  const sfi = recordSfi(apdu, 'uicc');
  const target = targetEf(state, 'uicc', sfi, 'read', ['linear-fixed', 'cyclic']);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'records') return fail('uicc', 'fileInconsistent');
  const { records } = target.content;
  let pattern = apdu.data;
  let forward = mode === 0x04;
  let start = apdu.p1 === 0 ? state.volatile.record : apdu.p1;
  let match = (r: Uint8Array, p: Uint8Array): boolean => containsFrom(r, p, 0);
  if (mode === 0x06) {
    if (pattern.length < 3) return fail('uicc', 'wrongLength');
    const indication = pattern[0]!;
    const sub = indication & 0x07;
    if (sub < 4) return fail('uicc', 'wrongData');
    forward = sub === 0x04 || sub === 0x06;
    const current = state.volatile.record;
    if (sub >= 0x06) start = current === undefined ? undefined : current + (forward ? 1 : -1);
    match = enhancedMatch(indication, pattern[1]!);
    pattern = pattern.subarray(2);
  } else if (pattern.length === 0) return fail('uicc', 'wrongLength');
  if (start === undefined || start < 1 || start > records.length) {
    if (apdu.p1 > records.length) return fail('uicc', 'recordNotFound');
    start = forward ? 1 : records.length;
  }
  const found = order(start, forward, records.length).filter((n) =>
    match(records[n - 1]!, pattern),
  );
  if (found.length === 0) return fail('uicc', 'patternNotFound');
  state.volatile.record = found[0];
  return deferred(Uint8Array.from(found));
}

/** INCREASE: adds the data to record 1 and writes the sum as the new record 1. */
export function increase(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail(dialect, 'wrongP1P2');
  const target = targetEf(state, dialect, 0, 'increase', ['cyclic']);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'records') return fail(dialect, 'fileInconsistent');
  const { records } = target.content;
  const length = target.spec.length;
  if (apdu.data.length < 1 || apdu.data.length > length) return fail(dialect, 'wrongLength');
  const sum = records[0]!.slice();
  let carry = 0;
  for (let i = 1; i <= length; i++) {
    const add = i <= apdu.data.length ? apdu.data[apdu.data.length - i]! : 0;
    const total = sum[length - i]! + add + carry;
    sum[length - i] = total & 0xff;
    carry = total >> 8;
  }
  if (carry !== 0) return fail(dialect, 'maxValueReached');
  records.pop();
  records.unshift(sum);
  state.volatile.record = 1;
  return deferred(concatBytes(sum, apdu.data));
}
