// Following the selected file through SELECT by FID, by path and by AID (TS 102 221 §11.1.1,
// TS 51.011 §9.2.1) and through a short file identifier (TS 102 221 §11.1.3).
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes/index.ts';
import { commandApdu } from '../../../protocol/iso7816/apdu.ts';
import {
  FID_SERVICE_TABLE,
  fileOfCommand,
  nextSelection,
  NO_SELECTION,
} from '../../../firmware-sim/adaptor/file-tracking.ts';

const ok = (sw = 0x9000) => ({ data: new Uint8Array(0), sw });

describe('selected file', () => {
  it.each([
    ['GSM SELECT by FID', commandApdu(0xa0, 0xa4, 0, 0, fromHex('6f3c')), 0x9f0f, 0x6f3c],
    [
      'UICC SELECT by path',
      commandApdu(0x00, 0xa4, 0x08, 0x04, fromHex('7f106f3c')),
      0x6125,
      0x6f3c,
    ],
    ['SELECT of a DF', commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('7f10')), 0x6125, undefined],
    [
      'SELECT by AID',
      commandApdu(0x00, 0xa4, 0x04, 0x04, fromHex('a0000000871002')),
      0x6125,
      undefined,
    ],
  ])('%s', (_name, apdu, sw, fid) => {
    expect(nextSelection({ fid: 0x6f07 }, apdu, ok(sw)).fid).toBe(fid);
  });

  it('keeps the selection when the SELECT fails', () => {
    const apdu = commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('6f99'));
    expect(nextSelection({ fid: 0x6f07 }, apdu, ok(0x6a82)).fid).toBe(0x6f07);
  });

  it('recognises EF_UST read by its short file identifier 04', () => {
    const read = commandApdu(0x00, 0xb0, 0x84, 0x00, new Uint8Array(0), 4);
    expect(fileOfCommand(NO_SELECTION, read)).toBe(FID_SERVICE_TABLE);
    expect(nextSelection(NO_SELECTION, read, ok()).fid).toBe(FID_SERVICE_TABLE);
  });
});
