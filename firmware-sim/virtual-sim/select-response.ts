// What SELECT and STATUS return: the GSM response of TS 51.011 §9.2.1 (34 bytes for the MF and
// DFs, 15 for EFs) and the FCP templates of TS 102 221 §11.1.1.3 (security attributes in the
// compact format of §11.1.1.4.7.1, PIN status template DO of §11.1.1.4.10).
import { concatBytes, fromHex } from '../../protocol/bytes/index.ts';
import { encodeBerTlv, encodeBerTlvSequence, type BerTlv } from '../../protocol/tlv/index.ts';
import type { CardState } from './card-state.ts';
import { ADF_USIM, MF, fidOf, type DfSpec, type EfSpec, type FileSpec } from './file-layout.ts';
import { childrenOf } from './file-system.ts';
import { DEFAULT_USIM_AID } from './identity-files.ts';
import type { AccessCondition } from './profile.ts';

/** Access condition codes of TS 51.011 §9.3: 0 ALW, 1 CHV1, 4 ADM, F NEV. */
const GSM_AC: Record<AccessCondition, number> = { ALW: 0x0, PIN1: 0x1, ADM: 0x4, NEV: 0xf };
/**
 * Security condition bytes (ISO/IEC 7816-4 §5.4.3.1): 00 always, FF never; 91 = all conditions,
 * user authentication in security environment 1 (PIN1); 9A = the same in SE 10 (ADM1, key 0A).
 */
const SC_BYTE: Record<AccessCondition, number> = { ALW: 0x00, PIN1: 0x91, ADM: 0x9a, NEV: 0xff };
const STRUCTURE_CODE = { transparent: 0x00, 'linear-fixed': 0x01, cyclic: 0x03 } as const;
const DESCRIPTOR = { transparent: 0x41, 'linear-fixed': 0x42, cyclic: 0x46 } as const;

const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];

/** Bytes an EF occupies: the size of a transparent EF, records × length otherwise. */
export function fileSize(spec: EfSpec): number {
  return spec.structure === 'transparent' ? spec.length : spec.length * spec.records;
}

/** The TS 51.011 §9.2.1 response for the MF or a DF (bytes 1-22, then 23-34 RFU). */
export function gsmDfResponse(state: CardState, spec: DfSpec): Uint8Array {
  const children = childrenOf(state, spec.path, 'gsm');
  const dfs = children.filter((c) => c.kind === 'df').length;
  const characteristics = 0x11 | (state.pin1.enabled ? 0 : 0x80);
  const out = new Uint8Array(34);
  out.set([...u16(fidOf(spec.path))], 4);
  out[6] = spec.path === MF ? 0x01 : 0x02;
  out.set([21, characteristics, dfs, children.length - dfs, 0x03, 0x00], 12);
  out.set([0x80 | state.pin1.retriesLeft, 0x80 | state.puk1.retriesLeft, 0x00, 0x00], 18);
  return out;
}

/** True when the EF (or the file it shares) is invalidated. */
const isInvalidated = (state: CardState, spec: EfSpec): boolean =>
  state.invalidated.includes(spec.shares ?? spec.path);

/** The TS 51.011 §9.2.1 response for an EF (15 bytes; byte 12 b1 = 0: invalidated). */
export function gsmEfResponse(state: CardState, spec: EfSpec): Uint8Array {
  const increase = spec.increase ?? 'NEV';
  const recordLength = spec.structure === 'transparent' ? 0 : spec.length;
  return Uint8Array.from([
    0x00,
    0x00,
    ...u16(fileSize(spec)),
    ...u16(fidOf(spec.path)),
    0x04,
    spec.increase === undefined ? 0x00 : 0x40,
    (GSM_AC[spec.read] << 4) | GSM_AC[spec.update],
    GSM_AC[increase] << 4,
    0x44,
    isInvalidated(state, spec) ? 0x00 : 0x01,
    0x02,
    STRUCTURE_CODE[spec.structure],
    recordLength,
  ]);
}

/** The GSM SELECT response for any file. */
export function gsmSelectResponse(state: CardState, spec: FileSpec): Uint8Array {
  return spec.kind === 'df' ? gsmDfResponse(state, spec) : gsmEfResponse(state, spec);
}

const tlv = (tag: number, value: readonly number[] | Uint8Array): BerTlv => ({
  tag,
  value: Uint8Array.from(value),
});

/** The FCP template ('62') of the MF, a DF or the USIM ADF. */
export function dfFcp(state: CardState, spec: DfSpec): Uint8Array {
  const objects: BerTlv[] = [tlv(0x82, [0x78, 0x21]), tlv(0x83, u16(fidOf(spec.path)))];
  if (spec.path === ADF_USIM) {
    objects.push(tlv(0x84, fromHex(state.profile.usimAid ?? DEFAULT_USIM_AID)));
  }
  if (spec.path === MF) objects.push(tlv(0xa5, [0x80, 0x01, 0x71]));
  objects.push(tlv(0x8a, [0x05]), tlv(0x8c, [0x06, SC_BYTE.ADM, SC_BYTE.ADM]));
  const psDo = 0x40 | (state.pin1.enabled ? 0x80 : 0x00);
  const pinStatus = [0x90, 0x01, psDo, 0x83, 0x01, 0x01, 0x83, 0x01, 0x0a];
  objects.push(tlv(0xc6, pinStatus));
  return encodeBerTlv({ tag: 0x62, value: encodeBerTlvSequence(objects) });
}

/** The FCP template ('62') of an EF; life cycle 04 when invalidated (§11.1.1.4.9). */
export function efFcp(state: CardState, spec: EfSpec): Uint8Array {
  const descriptor =
    spec.structure === 'transparent'
      ? [DESCRIPTOR.transparent, 0x21]
      : [DESCRIPTOR[spec.structure], 0x21, 0x00, spec.length, spec.records];
  const objects: BerTlv[] = [
    tlv(0x82, descriptor),
    tlv(0x83, u16(fidOf(spec.path))),
    tlv(0x8a, [isInvalidated(state, spec) ? 0x04 : 0x05]),
    tlv(0x8c, [0x03, SC_BYTE[spec.update], SC_BYTE[spec.read]]),
    tlv(0x80, u16(fileSize(spec))),
    tlv(0x88, spec.sfi === undefined ? [] : [spec.sfi << 3]),
  ];
  return encodeBerTlv({ tag: 0x62, value: encodeBerTlvSequence(objects) });
}

/** The UICC SELECT response (FCP) for any file. */
export function fcpOf(state: CardState, spec: FileSpec): Uint8Array {
  return spec.kind === 'df' ? dfFcp(state, spec) : efFcp(state, spec);
}

/** STATUS P2 01: the DF name TLV ('84') of the current application, when one is active. */
export function applicationNameTlv(state: CardState): Uint8Array {
  const aid = fromHex(state.profile.usimAid ?? DEFAULT_USIM_AID);
  return state.volatile.adfActive
    ? concatBytes(Uint8Array.of(0x84, aid.length), aid)
    : new Uint8Array(0);
}
