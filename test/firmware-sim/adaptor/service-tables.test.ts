// Service bits of EF_SST (TS 51.011 §10.3.7: two bits per service, allocated and activated) and
// EF_UST (TS 31.102 §4.2.8: one bit per service).
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import {
  hasService,
  serviceInData,
  withServices,
} from '../../../firmware-sim/adaptor/service-tables.ts';

describe('service tables', () => {
  it('sets UST services 28 and 31 in byte 4 (bits 4 and 7)', () => {
    expect(toHex(withServices('ust', new Uint8Array(4), 0, [28, 31]))).toBe('00000048');
  });

  it('sets SST services 26, 29 and 37 as allocated and activated', () => {
    const out = withServices('sst', new Uint8Array(10), 0, [26, 29, 37]);
    expect(toHex(out)).toBe('0000000000000c030003');
    expect([26, 29, 37].map((n) => hasService('sst', out, n))).toEqual([true, true, true]);
  });

  it('respects the offset of a partial READ BINARY', () => {
    expect(toHex(withServices('ust', new Uint8Array(2), 2, [28, 31]))).toBe('0048');
    expect(toHex(withServices('ust', new Uint8Array(2), 0, [28, 31]))).toBe('0000');
  });

  it('tells whether the card itself offers a service, when the byte was read', () => {
    const data = Uint8Array.of(0, 0, 0, 0x40);
    expect(serviceInData('ust', data, 0, 31)).toBe(true);
    expect(serviceInData('ust', data, 0, 28)).toBe(false);
    expect(serviceInData('ust', data.subarray(0, 2), 0, 31)).toBeUndefined();
  });
});
