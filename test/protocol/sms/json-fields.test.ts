// Typed getters over untrusted JSON that name the offending field.
import { describe, expect, it } from 'vitest';
import { DecodeError, toHex } from '../../../protocol/bytes/index.ts';
import {
  JsonFieldError,
  arrayField,
  asObject,
  boolField,
  choiceField,
  hexField,
  intField,
  octetField,
  stringField,
} from '../../../protocol/sms/json-fields.ts';

describe('JSON field getters', () => {
  const o = { n: 7, s: 'x', h: 'a0', b: true, l: [1] };

  it('return values of the right type', () => {
    expect(intField(o, 'n', 'p', 0, 10)).toBe(7);
    expect(intField(o, 'missing', 'p', 0, 10, 3)).toBe(3);
    expect(octetField(o, 'h', 'p')).toBe(0xa0);
    expect(octetField(o, 'n', 'p')).toBe(7);
    expect(boolField(o, 'b', 'p')).toBe(true);
    expect(boolField(o, 'missing', 'p')).toBe(false);
    expect(stringField(o, 's', 'p')).toBe('x');
    expect(toHex(hexField(o, 'h', 'p'))).toBe('a0');
    expect(choiceField(o, 's', 'p', ['x', 'y'])).toBe('x');
    expect(arrayField(o, 'l', 'p')).toEqual([1]);
  });

  it.each([
    [() => intField(o, 'n', 'p', 0, 5), 'p.n'],
    [() => intField(o, 's', '', 0, 5), 's'],
    [() => octetField(o, 's', 'p'), 'p.s'],
    [() => boolField(o, 'n', 'p'), 'p.n'],
    [() => stringField(o, 'n', 'p'), 'p.n'],
    [() => hexField(o, 's', 'p'), 'p.s'],
    [() => choiceField(o, 's', 'p', ['y']), 'p.s'],
    [() => arrayField(o, 's', 'p'), 'p.s'],
    [() => asObject([], ''), '(top level)'],
  ])('names the field (%#)', (run, field) => {
    try {
      run();
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonFieldError);
      expect(error).toBeInstanceOf(DecodeError);
      expect((error as JsonFieldError).field).toBe(field);
    }
  });
});
