// The settlement section of the server configuration: the annual float rate and each partner
// bank's share of the float on the system's own members' funds (SOURCE-NOTES L-11), at most 100 %
// in all.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/config/config.ts';

const env = { SIMPAY_PIN_PEPPER: 'pepper-for-tests-only-0001' };
const withShares = (shares: unknown, banks = ['ci', 'ba']) =>
  parseConfig({ banks, settlement: { systemFloatSharePercent: shares } }, env);

describe('settlement configuration', () => {
  it('defaults to 5 % a year (an example value) and no bank sharing the system float', () => {
    expect(parseConfig({ banks: ['ci'] }, env).settlement).toEqual({
      floatRatePpm: 50_000n,
      systemFloatSharePpm: {},
    });
  });

  it('reads percentages as decimal strings or numbers, to 4 decimals, as parts per million', () => {
    const c = parseConfig(
      {
        banks: ['ci', 'ba', 'wf'],
        settlement: {
          floatRatePercent: '4.125',
          systemFloatSharePercent: { ci: '10', ba: 12.5, wf: '0.0001' },
        },
      },
      env,
    );
    expect(c.settlement).toEqual({
      floatRatePpm: 41_250n,
      systemFloatSharePpm: { ci: 100_000n, ba: 125_000n, wf: 1n },
    });
  });

  it('accepts shares that add up to exactly 100 %', () => {
    expect(withShares({ ci: '60', ba: '40' }).settlement.systemFloatSharePpm).toEqual({
      ci: 600_000n,
      ba: 400_000n,
    });
  });

  it.each([
    [
      { ci: '60', ba: '40.5' },
      'settlement.systemFloatSharePercent adds up to 100.5%, more than 100%',
    ],
    [
      { ci: '100', ba: '100' },
      'settlement.systemFloatSharePercent adds up to 200%, more than 100%',
    ],
    [{ ci: '101' }, 'settlement.systemFloatSharePercent.ci must be at most 100'],
    [{ wf: '5' }, "settlement.systemFloatSharePercent names 'wf', not a partner bank"],
    [{ system: '5' }, "settlement.systemFloatSharePercent names 'system', not a partner bank"],
    [
      { ci: '-5' },
      'settlement.systemFloatSharePercent.ci must be a percentage such as "5" or "12.5" (at most 4 decimals)',
    ],
    [
      { ci: '1.00001' },
      'settlement.systemFloatSharePercent.ci must be a percentage such as "5" or "12.5" (at most 4 decimals)',
    ],
    [['ci'], 'settlement.systemFloatSharePercent must map partner banks to percentages'],
  ])('refuses the shares %j in one line naming them', (shares, message) => {
    expect(() => withShares(shares)).toThrow(ConfigError);
    expect(() => withShares(shares)).toThrow(message);
  });

  it.each([
    [{ settlement: 'yes' }, 'settlement must be a mapping'],
    [
      { settlement: { floatRatePercent: '5%' } },
      'settlement.floatRatePercent must be a percentage',
    ],
    [
      { settlement: { floatRatePercent: '100.01' } },
      'settlement.floatRatePercent must be at most 100',
    ],
    [
      { settlement: { floatRatePercent: 1e21 } },
      'settlement.floatRatePercent must be a percentage',
    ],
  ])('refuses %j', (input, message) => {
    expect(() => parseConfig(input, env)).toThrow(message);
  });
});
