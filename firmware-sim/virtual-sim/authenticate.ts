// RUN GSM ALGORITHM (TS 51.011 §9.2.16: DF_GSM current, CHV1, 16-byte RAND → SRES || Kc) and
// AUTHENTICATE (TS 31.102 §7.1.2: GSM context P2 80, 3G context P2 81 with AUTN check), computed
// with the TS 34.108 §8.1.2 XOR test algorithm.
import { concatBytes, fromHex } from '../../protocol/bytes/index.ts';
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { ADF_USIM, DF_GSM } from './file-layout.ts';
import { accessAllowed } from './file-system.ts';
import { deferred, fail, type Outcome } from './outcome.ts';
import { c2, c3, xorMac, xorTestAlgorithm } from './xor-test-algorithm.ts';

const RAND_LENGTH = 16;
const SERVICE_GSM_ACCESS = 27;

const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((x, i) => b[i] === x);

function gsmAnswer(state: CardState, rand: Uint8Array): { sres: Uint8Array; kc: Uint8Array } {
  const v = xorTestAlgorithm(fromHex(state.profile.ki), rand);
  return { sres: c2(v.res), kc: c3(v.ck, v.ik) };
}

/** GSM RUN GSM ALGORITHM: 12 bytes SRES || Kc via 9F0C. */
export function runGsmAlgorithm(state: CardState, apdu: CommandApdu): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail('gsm', 'wrongP1P2');
  if (apdu.data.length !== RAND_LENGTH) return fail('gsm', 'wrongLength');
  if (!state.volatile.currentDf.startsWith(DF_GSM)) return fail('gsm', 'fileInconsistent');
  if (!accessAllowed(state, 'PIN1')) return fail('gsm', 'securityNotSatisfied');
  const { sres, kc } = gsmAnswer(state, apdu.data);
  return deferred(concatBytes(sres, kc));
}

const lv = (value: Uint8Array): Uint8Array => concatBytes(Uint8Array.of(value.length), value);

/** USIM AUTHENTICATE in GSM (80) or 3G (81) context; a wrong AUTN MAC gives 9862. */
export function authenticate(state: CardState, apdu: CommandApdu): Outcome {
  if (apdu.p1 !== 0 || (apdu.p2 !== 0x80 && apdu.p2 !== 0x81)) return fail('uicc', 'wrongP1P2');
  if (!state.volatile.adfActive || !state.volatile.currentDf.startsWith(ADF_USIM)) {
    return { sw: 0x6985 };
  }
  if (!accessAllowed(state, 'PIN1')) return fail('uicc', 'securityNotSatisfied');
  const data = apdu.data;
  const rand = data.subarray(1, 1 + RAND_LENGTH);
  if (apdu.p2 === 0x80) {
    if (data.length !== 1 + RAND_LENGTH || data[0] !== RAND_LENGTH)
      return fail('uicc', 'wrongLength');
    const { sres, kc } = gsmAnswer(state, rand);
    return deferred(concatBytes(lv(sres), lv(kc)));
  }
  if (data.length !== 2 + 2 * RAND_LENGTH || data[0] !== RAND_LENGTH || data[17] !== 16) {
    return fail('uicc', 'wrongLength');
  }
  const autn = data.subarray(18, 34);
  const v = xorTestAlgorithm(fromHex(state.profile.ki), rand);
  const sqn = Uint8Array.from(autn.subarray(0, 6), (b, i) => b ^ v.ak[i]!);
  if (!bytesEqual(xorMac(v, sqn, autn.subarray(6, 8)), autn.subarray(8, 16))) {
    return fail('uicc', 'authenticationError');
  }
  const kc = state.profile.ustServices.includes(SERVICE_GSM_ACCESS)
    ? lv(c3(v.ck, v.ik))
    : new Uint8Array(0);
  return deferred(concatBytes(Uint8Array.of(0xdb), lv(v.res), lv(v.ck), lv(v.ik), kc));
}
