import { describe, expect, it } from 'vitest';
import { describePorStatus, POR_STATUS, porStatusOf } from '../../../protocol/ota/status.ts';

describe('response status codes (TS 102 225 §5.2.2, TS 31.115 §7)', () => {
  it.each([
    [0x00, 'ok'],
    [0x01, 'checksum-failed'],
    [0x02, 'counter-low'],
    [0x03, 'counter-high'],
    [0x04, 'counter-blocked'],
    [0x05, 'ciphering-error'],
    [0x06, 'unidentified-security-error'],
    [0x07, 'insufficient-memory'],
    [0x08, 'more-time'],
    [0x09, 'tar-unknown'],
    [0x0a, 'insufficient-security-level'],
    [0x0b, 'response-in-sms-submit'],
    [0x0c, 'response-in-ussd'],
  ] as const)('%i is %s', (octet, name) => {
    expect(porStatusOf(octet)).toBe(name);
    expect(POR_STATUS[name]).toBe(octet);
    expect(describePorStatus(name).length).toBeGreaterThan(3);
  });

  it('leaves reserved octets undefined', () => {
    expect(porStatusOf(0x0d)).toBeUndefined();
    expect(porStatusOf(0xff)).toBeUndefined();
  });
});
