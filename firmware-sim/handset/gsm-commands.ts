// The commands a handset sends to a SIM in GSM class A0 (3GPP TS 51.011 §9.2, TS 51.014 §6):
// SELECT, GET RESPONSE, READ/UPDATE BINARY and RECORD, CHV commands, STATUS and the toolkit
// commands TERMINAL PROFILE, FETCH, TERMINAL RESPONSE and ENVELOPE.
// In UICC mode (TS 102 221 §10.1.1, §11.1) STATUS and the toolkit commands take CLA 80 instead.
import { commandApdu, type CommandApdu } from '../../protocol/iso7816/apdu.ts';
import { CLA_GSM, fileClass, toolkitClass, type CardMode } from './card-mode.ts';

export { CLA_GSM } from './card-mode.ts';

/** Instruction bytes (TS 51.011 §9.2, table 8). */
export const Ins = {
  select: 0xa4,
  status: 0xf2,
  readBinary: 0xb0,
  updateBinary: 0xd6,
  readRecord: 0xb2,
  updateRecord: 0xdc,
  seek: 0xa2,
  verifyChv: 0x20,
  unblockChv: 0x2c,
  getResponse: 0xc0,
  terminalProfile: 0x10,
  envelope: 0xc2,
  fetch: 0x12,
  terminalResponse: 0x14,
} as const;

/** READ/UPDATE RECORD P2 mode 04: absolute record number in P1 (§9.2.5). */
const ABSOLUTE = 0x04;

const u16 = (fid: number): Uint8Array => Uint8Array.of(fid >> 8, fid & 0xff);

export const selectFile = (fid: number): CommandApdu =>
  commandApdu(CLA_GSM, Ins.select, 0, 0, u16(fid));

export const getResponse = (length: number): CommandApdu =>
  commandApdu(CLA_GSM, Ins.getResponse, 0, 0, undefined, length);

export const readBinary = (offset: number, length: number, mode: CardMode): CommandApdu =>
  commandApdu(fileClass(mode), Ins.readBinary, offset >> 8, offset & 0xff, undefined, length);

export const readRecord = (record: number, length: number, mode: CardMode): CommandApdu =>
  commandApdu(fileClass(mode), Ins.readRecord, record, ABSOLUTE, undefined, length);

export const updateRecord = (record: number, data: Uint8Array, mode: CardMode): CommandApdu =>
  commandApdu(fileClass(mode), Ins.updateRecord, record, ABSOLUTE, data);

export const status = (length: number): CommandApdu =>
  commandApdu(CLA_GSM, Ins.status, 0, 0, undefined, length);

/** CHV values are padded with FF to 8 bytes (TS 51.011 §9.3). */
export function chvBlock(digits: string): Uint8Array {
  const out = new Uint8Array(8).fill(0xff);
  for (let i = 0; i < digits.length && i < 8; i++) out[i] = digits.charCodeAt(i);
  return out;
}

/** VERIFY CHV1 (§9.2.9). */
export const verifyChv1 = (pin: string): CommandApdu =>
  commandApdu(CLA_GSM, Ins.verifyChv, 0, 1, chvBlock(pin));

/** UNBLOCK CHV1 (§9.2.13): P2 00 means CHV1; data is the unblock CHV then the new CHV. */
export function unblockChv1(puk: string, newPin: string): CommandApdu {
  const data = new Uint8Array(16);
  data.set(chvBlock(puk));
  data.set(chvBlock(newPin), 8);
  return commandApdu(CLA_GSM, Ins.unblockChv, 0, 0, data);
}

export const terminalProfileCommand = (profile: Uint8Array, mode: CardMode): CommandApdu =>
  commandApdu(toolkitClass(mode), Ins.terminalProfile, 0, 0, profile);

export const envelopeCommand = (data: Uint8Array, mode: CardMode): CommandApdu =>
  commandApdu(toolkitClass(mode), Ins.envelope, 0, 0, data);

export const fetchCommand = (length: number, mode: CardMode): CommandApdu =>
  commandApdu(toolkitClass(mode), Ins.fetch, 0, 0, undefined, length);

export const terminalResponseCommand = (data: Uint8Array, mode: CardMode): CommandApdu =>
  commandApdu(toolkitClass(mode), Ins.terminalResponse, 0, 0, data);
