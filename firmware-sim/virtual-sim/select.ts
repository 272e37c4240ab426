// SELECT and STATUS: TS 51.011 §9.2.1/§9.2.2 (GSM, response via 9Fxx) and TS 102 221 §11.1.1
// (by FID, child DF, parent DF, DF name (AID), path from MF or current DF; P2 FCP or no data)
// and §11.1.2 (STATUS P2 00 FCP, 01 application name, 0C nothing).
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState } from './card-state.ts';
import { ADF_USIM, MF, parentOf, type FileSpec } from './file-layout.ts';
import { currentDfSpec, fileAt, makeCurrent, resolveFid, resolvePath } from './file-system.ts';
import { DEFAULT_USIM_AID } from './identity-files.ts';
import { OK, deferred, fail, respondWith, type Outcome } from './outcome.ts';
import { applicationNameTlv, fcpOf, gsmDfResponse, gsmSelectResponse } from './select-response.ts';
import { fromHex } from '../../protocol/bytes/index.ts';

const fidAt = (data: Uint8Array, i: number): number => (data[i]! << 8) | data[i + 1]!;

/** GSM SELECT: P1 P2 = 00 00, two bytes of FID. */
export function gsmSelect(state: CardState, apdu: CommandApdu): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail('gsm', 'wrongP1P2');
  if (apdu.data.length !== 2) return fail('gsm', 'wrongLength');
  const spec = resolveFid(state, fidAt(apdu.data, 0), 'gsm');
  if (spec === undefined) return fail('gsm', 'fileNotFound');
  makeCurrent(state, spec);
  return deferred(gsmSelectResponse(state, spec));
}

const P2_RETURN_MASK = 0x0c;
const P2_NO_DATA = 0x0c;

/** UICC SELECT (TS 102 221 §11.1.1, tables 11.1 and 11.2). */
export function uiccSelect(state: CardState, apdu: CommandApdu): Outcome {
  const occurrence = apdu.p2 & 0x03;
  const returns = apdu.p2 & P2_RETURN_MASK;
  if ((apdu.p2 & 0xf0) !== 0 || returns === 0x08) return fail('uicc', 'wrongP1P2');
  if (occurrence !== 0 && apdu.p1 !== 0x04) return fail('uicc', 'wrongP1P2');
  const target = uiccTarget(state, apdu);
  if (typeof target === 'number') return { sw: target };
  if (target === undefined) return fail('uicc', 'fileNotFound');
  if (target.path === ADF_USIM) state.volatile.adfActive = true;
  makeCurrent(state, target);
  return returns === P2_NO_DATA ? OK : deferred(fcpOf(state, target));
}

/** The file a UICC SELECT names, or a status word for a malformed command. */
function uiccTarget(state: CardState, apdu: CommandApdu): FileSpec | number | undefined {
  const { data } = apdu;
  const v = state.volatile;
  switch (apdu.p1) {
    case 0x00:
      return data.length === 2 ? resolveFid(state, fidAt(data, 0), 'uicc') : 0x6700;
    case 0x01: {
      if (data.length !== 2) return 0x6700;
      const child = resolvePath(state, [fidAt(data, 0)], v.currentDf, 'uicc');
      return child?.kind === 'df' ? child : undefined;
    }
    case 0x03: {
      if (data.length !== 0) return 0x6700;
      const parent = parentOf(v.currentDf);
      return parent === undefined ? undefined : fileAt(state, parent, 'uicc');
    }
    case 0x04:
      return selectByAid(state, data, apdu.p2 & 0x03);
    case 0x08:
    case 0x09:
      return selectByPath(state, data, apdu.p1 === 0x08 ? MF : v.currentDf);
    default:
      return 0x6a86;
  }
}

function selectByAid(state: CardState, data: Uint8Array, occurrence: number) {
  if (data.length < 1 || data.length > 16) return 0x6700;
  if (!state.profile.uicc || occurrence === 0x02 || occurrence === 0x03) return undefined;
  const aid = fromHex(state.profile.usimAid ?? DEFAULT_USIM_AID);
  if (data.length > aid.length || data.some((b, i) => aid[i] !== b)) return undefined;
  return state.layout.find((f) => f.path === ADF_USIM);
}

function selectByPath(state: CardState, data: Uint8Array, start: string) {
  if (data.length < 2 || data.length % 2 !== 0) return 0x6700;
  const fids: number[] = [];
  for (let i = 0; i < data.length; i += 2) fids.push(fidAt(data, i));
  if (start === MF && fids[0] === 0x3f00) fids.shift();
  if (fids[0] === 0x7fff && state.volatile.adfActive) {
    fids.shift();
    return resolvePath(state, fids, ADF_USIM, 'uicc');
  }
  return resolvePath(state, fids, start, 'uicc');
}

/** GSM STATUS: the current directory's SELECT response, P3 bytes of it. */
export function gsmStatus(state: CardState, apdu: CommandApdu): Outcome {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return fail('gsm', 'wrongP1P2');
  return respondWith('gsm', apdu, gsmDfResponse(state, currentDfSpec(state)), true);
}

/** UICC STATUS (TS 102 221 §11.1.2). */
export function uiccStatus(state: CardState, apdu: CommandApdu): Outcome {
  if (apdu.p1 > 0x02) return fail('uicc', 'wrongP1P2');
  switch (apdu.p2) {
    case 0x00:
      return respondWith('uicc', apdu, fcpOf(state, currentDfSpec(state)), false);
    case 0x01:
      return respondWith('uicc', apdu, applicationNameTlv(state), false);
    case 0x0c:
      return apdu.data.length === 0 ? OK : fail('uicc', 'wrongLength');
    default:
      return fail('uicc', 'wrongP1P2');
  }
}
