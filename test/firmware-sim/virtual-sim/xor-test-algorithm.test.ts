// TS 34.108 §8.1.2 XOR test algorithm against the vector for K 00..0F, RAND 34.., SQN 1, AMF 8000
// (as computed by independent implementations of the algorithm), and the TS 33.102 §6.8.1.2 c2/c3.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  c2,
  c3,
  xorMac,
  xorTestAlgorithm,
} from '../../../firmware-sim/virtual-sim/xor-test-algorithm.ts';

describe('XOR test algorithm', () => {
  const v = xorTestAlgorithm(fromHex('000102030405060708090a0b0c0d0e0f'), fromHex('34'.repeat(16)));

  it('gives RES, CK, IK, AK and MAC-A of the published vector', () => {
    expect(toHex(v.res)).toBe('34353637303132333c3d3e3f38393a3b');
    expect(toHex(v.ck)).toBe('35363730313233 3c3d3e3f38393a3b34'.replace(' ', ''));
    expect(toHex(v.ik)).toBe('363730313233 3c3d3e3f38393a3b3435'.replace(' ', ''));
    expect(toHex(v.ak)).toBe('37303132333c');
    expect(toHex(xorMac(v, fromHex('000000000001'), fromHex('8000')))).toBe('343536373030b233');
  });

  it('c2 folds RES into 32 bits, c3 CK and IK into 64 bits', () => {
    expect(toHex(c2(fromHex('000000ff' + '00000f00' + '0000f000' + '11000000')))).toBe('1100ffff');
    const ck = fromHex('0102030405060708' + '0000000000000000');
    const ik = fromHex('1000000000000000' + '0000000000000001');
    expect(toHex(c3(ck, ik))).toBe('1102030405060709');
  });
});
