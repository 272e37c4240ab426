// Which elementary file the handset has selected, followed from SELECT (ISO/IEC 7816-4 §7.1.1,
// TS 51.011 §9.2.1, TS 102 221 §11.1.1) and from READ/UPDATE with a short file identifier
// (TS 102 221 §11.1.3), so that the adaptor knows when a READ BINARY is EF_UST/EF_SST or an
// UPDATE RECORD is EF_SMS.
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';

/** File identifier of EF_SST (TS 51.011 §10.3.7) and EF_UST (TS 31.102 §4.2.8). */
export const FID_SERVICE_TABLE = 0x6f38;
/** Short file identifier of EF_UST (TS 31.102 §4.2.8). */
export const SFI_UST = 0x04;
/** EF_SMS (TS 51.011 §10.5.3, TS 31.102 §4.2.25). */
export const FID_SMS = 0x6f3c;

/** The current file as far as the adaptor can tell; undefined after selecting a DF or an ADF. */
export interface Selection {
  readonly fid: number | undefined;
}

/** No elementary file selected (after reset). */
export const NO_SELECTION: Selection = { fid: undefined };

const INS_SELECT = 0xa4;
const INS_READ_BINARY = 0xb0;
const INS_UPDATE_BINARY = 0xd6;

/** True for the status words of a completed SELECT: 9000, 61xx, 9Fxx, 91xx. */
export function selectSucceeded(sw: number): boolean {
  const sw1 = sw >> 8;
  return sw === 0x9000 || sw1 === 0x61 || sw1 === 0x9f || sw1 === 0x91;
}

/** The file a command addresses before the card answers: SFI-addressed binary access counts. */
export function fileOfCommand(selection: Selection, apdu: CommandApdu): number | undefined {
  const sfiAccess = apdu.ins === INS_READ_BINARY || apdu.ins === INS_UPDATE_BINARY;
  if (apdu.cla !== 0xa0 && sfiAccess && (apdu.p1 & 0xe0) === 0x80) {
    return (apdu.p1 & 0x1f) === SFI_UST ? FID_SERVICE_TABLE : undefined;
  }
  return selection.fid;
}

/** The selection after the card answered `response` to `apdu`. */
export function nextSelection(
  selection: Selection,
  apdu: CommandApdu,
  response: ResponseApdu,
): Selection {
  if (apdu.ins === INS_SELECT) {
    if (!selectSucceeded(response.sw)) return selection;
    return { fid: selectedFid(apdu) };
  }
  const fid = fileOfCommand(selection, apdu);
  if (fid !== selection.fid && response.sw === 0x9000) return { fid };
  return selection;
}

/** By FID or by path the last two bytes name the file; a DF or an AID leaves no EF selected. */
function selectedFid(apdu: CommandApdu): number | undefined {
  const { data, p1 } = apdu;
  if (p1 === 0x04 || data.length < 2) return undefined;
  const fid = (data[data.length - 2]! << 8) | data[data.length - 1]!;
  const isEf = fid >> 8 === 0x6f || fid >> 8 === 0x4f || fid >> 8 === 0x2f;
  return isEf ? fid : undefined;
}
