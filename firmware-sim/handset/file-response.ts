// The SELECT response of a GSM SIM (3GPP TS 51.011 §9.2.1): for the MF and DFs the CHV1 state
// (enabled, attempts left, unblock attempts left); for EFs the size, structure and record length.
import { DecodeError } from '../../protocol/bytes/index.ts';

/** What the handset needs from a directory's SELECT response. */
export interface DirectoryResponse {
  readonly kind: 'directory';
  /** File characteristics b8 = 0: CHV1 is required (§9.3). */
  readonly chv1Enabled: boolean;
  /** CHV1 status b4-b1: false presentations left (0 = blocked). */
  readonly chv1Attempts: number;
  /** UNBLOCK CHV1 status b4-b1. */
  readonly unblockAttempts: number;
}

/** What the handset needs from an elementary file's SELECT response. */
export interface ElementaryResponse {
  readonly kind: 'ef';
  readonly size: number;
  readonly structure: 'transparent' | 'linear-fixed' | 'cyclic';
  /** Record length; 0 for transparent files. */
  readonly recordLength: number;
}

export type FileResponse = DirectoryResponse | ElementaryResponse;

const TYPE_OFFSET = 6;
const MIN_DF_LENGTH = 22;
const MIN_EF_LENGTH = 15;

/** Decodes a GET RESPONSE after SELECT. DecodeError `SIM_BAD_FILE_RESPONSE` when too short. */
export function decodeFileResponse(bytes: Uint8Array): FileResponse {
  const type = bytes[TYPE_OFFSET];
  if (type === 0x01 || type === 0x02) {
    need(bytes, MIN_DF_LENGTH);
    return {
      kind: 'directory',
      chv1Enabled: (bytes[13]! & 0x80) === 0,
      chv1Attempts: bytes[18]! & 0x0f,
      unblockAttempts: bytes[19]! & 0x0f,
    };
  }
  if (type !== 0x04) {
    throw new DecodeError('SIM_BAD_FILE_RESPONSE', TYPE_OFFSET, `type of file ${type ?? 'absent'}`);
  }
  need(bytes, MIN_EF_LENGTH);
  const structure =
    bytes[13] === 0x01 ? 'linear-fixed' : bytes[13] === 0x03 ? 'cyclic' : 'transparent';
  return {
    kind: 'ef',
    size: (bytes[2]! << 8) | bytes[3]!,
    structure,
    recordLength: structure === 'transparent' ? 0 : bytes[14]!,
  };
}

function need(bytes: Uint8Array, length: number): void {
  if (bytes.length < length) {
    throw new DecodeError(
      'SIM_BAD_FILE_RESPONSE',
      bytes.length,
      `response of ${bytes.length} bytes`,
    );
  }
}
