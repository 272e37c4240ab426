import { describe, expect, it } from 'vitest';
import { UsageError, intOption, numberOption, parseOptions } from '../../cli/command.ts';

describe('parseOptions', () => {
  const spec = {
    level: { type: 'string' as const, short: 'l' },
    json: { type: 'boolean' as const },
  };

  it('takes a negative number as the value of a string option', () => {
    expect(parseOptions(['--level', '-20', 'file'], spec).values.level).toBe('-20');
    expect(parseOptions(['-l', '-3.5'], spec).values.level).toBe('-3.5');
    expect(parseOptions(['--level=-7'], spec).values.level).toBe('-7');
  });

  it('still rejects an unknown option with one line', () => {
    expect(() => parseOptions(['--frob'], spec)).toThrow(UsageError);
    expect(() => parseOptions(['--json', '-20'], spec)).toThrow(UsageError);
  });
});

describe('numeric options', () => {
  it('names the option and the bound that was broken', () => {
    expect(intOption('8000', 'rate', 1, 1000, 48000)).toBe(8000);
    expect(() => intOption('8k', 'rate', 1, 1000, 48000)).toThrow(
      "--rate must be a whole number, got '8k'",
    );
    expect(() => numberOption('-80', 'level-dbm0', 0, -60, 3)).toThrow(
      '--level-dbm0 must be between -60 and 3, got -80',
    );
  });
});
