// READ BINARY and UPDATE BINARY on transparent EFs: TS 51.011 §9.2.3/§9.2.4 (offset P1 P2,
// out of range 9402) and TS 102 221 §11.1.3/§11.1.4 (15-bit offset, or SFI in P1 and offset P2).
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { binarySfi, isOutcome, targetEf } from './ef-target.ts';
import { OK, fail, leOf, wrongLe, type Dialect, type Outcome } from './outcome.ts';

function offsetOf(apdu: CommandApdu, dialect: Dialect): number {
  if (dialect === 'uicc' && (apdu.p1 & 0x80) !== 0) return apdu.p2;
  return (apdu.p1 << 8) | apdu.p2;
}

/** READ BINARY: Le bytes from the offset; a longer Le than the file holds gets 6Cxx / 67xx. */
export function readBinary(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  const sfi = binarySfi(apdu, dialect);
  if (sfi < 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length > 0) return fail(dialect, 'wrongLength');
  const target = targetEf(state, dialect, sfi, 'read', ['transparent']);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'binary') return fail(dialect, 'fileInconsistent');
  const data = target.content.data;
  const offset = offsetOf(apdu, dialect);
  if (offset >= data.length) return fail(dialect, 'offsetOutOfRange');
  const le = leOf(apdu);
  if (offset + le > data.length) return wrongLe(dialect, data.length - offset);
  return { sw: 0x9000, data: data.slice(offset, offset + le) };
}

/** UPDATE BINARY: writes the command data at the offset. */
export function updateBinary(state: CardState, apdu: CommandApdu, dialect: Dialect): Outcome {
  const sfi = binarySfi(apdu, dialect);
  if (sfi < 0) return fail(dialect, 'wrongP1P2');
  if (apdu.data.length === 0) return fail(dialect, 'wrongLength');
  const target = targetEf(state, dialect, sfi, 'update', ['transparent']);
  if (isOutcome(target)) return target;
  if (target.content.kind !== 'binary') return fail(dialect, 'fileInconsistent');
  const data = target.content.data;
  const offset = offsetOf(apdu, dialect);
  if (offset >= data.length) return fail(dialect, 'offsetOutOfRange');
  if (offset + apdu.data.length > data.length) {
    return fail(dialect, dialect === 'gsm' ? 'offsetOutOfRange' : 'wrongLength');
  }
  data.set(apdu.data, offset);
  return OK;
}
