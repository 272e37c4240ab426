import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/config/config.ts';

const env = { SIMPAY_PIN_PEPPER: 'pepper-for-tests-only-0001' };

describe('server configuration', () => {
  it('has defaults: USD, 2 decimals, 30-day hold, fees, limits, 127.0.0.1-friendly rpc limits', () => {
    const c = parseConfig({}, env);
    expect(c).toMatchObject({
      currency: 'USD',
      exponent: 2,
      defaultCountry: '1',
      holdDays: 30,
      banks: [],
    });
    expect(c.limits).toEqual({ perTransaction: 50000n, daily: 200000n, perHour: 30 });
    expect(c.fees[0]).toEqual({ from: 0n, fixed: 5n, basisPoints: 0 });
    expect(c.rpc.maxPayload).toBe(65536);
  });

  it('reads tokens from the file and the environment, amounts as decimal strings', () => {
    const c = parseConfig(
      {
        tokens: { operator: ['operator-token-0123456789'] },
        limits: { daily: '99.99' },
        exponent: 2,
      },
      { ...env, SIMPAY_DEVICE_TOKEN: 'device-token-0123456789' },
    );
    expect(c.tokens).toEqual({
      operator: ['operator-token-0123456789'],
      gateway: [],
      device: ['device-token-0123456789'],
    });
    expect(c.limits.daily).toBe(9999n);
  });

  it.each([
    [{}, {}, /SIMPAY_PIN_PEPPER/],
    [{ pinPepper: 'x' }, env, /not the configuration file/],
    [{ tokens: { device: ['short'] } }, env, /16 characters/],
    [{ banks: ['System'] }, env, /bank id/],
    [{ limits: { daily: 1.5 } }, env, /limits.daily/],
    [{ holdDays: 0 }, env, /holdDays/],
    [[], env, /mapping/],
  ])('refuses %j', (input, environment, message) => {
    expect(() => parseConfig(input, environment)).toThrow(ConfigError);
    expect(() => parseConfig(input, environment)).toThrow(message);
  });
});
