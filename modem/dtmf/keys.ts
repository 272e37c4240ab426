// ITU-T Q.23 §2 (Table 1): the 4×4 DTMF matrix, low (row) group 697-941 Hz and high (column)
// group 1209-1633 Hz, keys 123A / 456B / 789C / *0#D.

/** Q.23 Table 1 low-group (row) frequencies in Hz. */
export const ROW_FREQUENCIES: readonly number[] = [697, 770, 852, 941];
/** Q.23 Table 1 high-group (column) frequencies in Hz. */
export const COLUMN_FREQUENCIES: readonly number[] = [1209, 1336, 1477, 1633];

/** Keys by row then column. */
export const KEY_MATRIX: readonly string[] = ['123A', '456B', '789C', '*0#D'];

/** All sixteen keys in matrix order. */
export const DTMF_KEYS = KEY_MATRIX.join('');

/** The key at `row`, `column` (0-3 each). */
export function keyAt(row: number, column: number): string {
  return DTMF_KEYS.charAt(row * 4 + column);
}

/** Row and column of `key` (upper or lower case A-D), or undefined if it is not a DTMF key. */
export function keyPosition(key: string): { row: number; column: number } | undefined {
  const index = key.length === 1 ? DTMF_KEYS.indexOf(key.toUpperCase()) : -1;
  return index < 0 ? undefined : { row: index >> 2, column: index & 3 };
}

/** The first character of `digits` that is not a DTMF key, or undefined when all are valid. */
export function firstInvalidKey(digits: string): string | undefined {
  for (const ch of digits) if (keyPosition(ch) === undefined) return ch;
  return undefined;
}
