// The FCP template a UICC returns for SELECT with P2 04 (ETSI TS 102 221 §11.1.1.3): the file
// descriptor (tag 82: DF or EF structure, record length and count), file size (80) and, for the MF,
// DFs and ADFs, the PIN status template DO (C6, §11.1.1.4.10) telling whether PIN1 is enabled.
import { DecodeError } from '../../protocol/bytes/index.ts';
import { decodeBerTlv, decodeBerTlvSequence, type BerTlv } from '../../protocol/tlv/index.ts';
import type { ElementaryResponse } from './file-response.ts';

/** What the handset needs from a directory's FCP. */
export interface DirectoryFcp {
  readonly kind: 'directory';
  /** PS_DO bit of key reference 01 (PIN1) set: the PIN is enabled. */
  readonly pin1Enabled: boolean;
}

export type Fcp = DirectoryFcp | ElementaryResponse;

const FCP_TEMPLATE = 0x62;
const DESCRIPTOR = 0x82;
const FILE_SIZE = 0x80;
const PIN_STATUS = 0xc6;
const PS_DO = 0x90;
const KEY_REFERENCE = 0x83;
const PIN1 = 0x01;
/** Largest FCP accepted (a short Le of GET RESPONSE). */
export const FCP_MAX_LENGTH = 256;

const bad = (offset: number, message: string): DecodeError =>
  new DecodeError('SIM_BAD_FCP', offset, message);

/** Decodes an FCP template. DecodeError `SIM_BAD_FCP` (or a TLV code) when malformed. */
export function decodeFcp(bytes: Uint8Array): Fcp {
  if (bytes.length > FCP_MAX_LENGTH) throw bad(FCP_MAX_LENGTH, `${bytes.length} bytes`);
  const template = decodeBerTlv(bytes);
  if (template.tag !== FCP_TEMPLATE) throw bad(0, `tag ${template.tag.toString(16)}, not 62`);
  const objects = decodeBerTlvSequence(template.value);
  const descriptor = objects.find((o) => o.tag === DESCRIPTOR)?.value;
  if (descriptor === undefined || descriptor.length < 2) throw bad(2, 'no file descriptor');
  const fd = descriptor[0]!;
  if ((fd & 0x38) === 0x38) {
    return { kind: 'directory', pin1Enabled: pin1Enabled(objects) };
  }
  return elementary(fd, descriptor, objects);
}

function elementary(fd: number, descriptor: Uint8Array, objects: readonly BerTlv[]): Fcp {
  const coding = fd & 0x07;
  if (coding === 0x01) {
    const size = objects.find((o) => o.tag === FILE_SIZE)?.value;
    if (size === undefined || size.length !== 2) throw bad(2, 'no 2-byte file size');
    const bytes = (size[0]! << 8) | size[1]!;
    return { kind: 'ef', size: bytes, structure: 'transparent', recordLength: 0 };
  }
  if (coding !== 0x02 && coding !== 0x06) throw bad(2, `file descriptor byte ${fd.toString(16)}`);
  if (descriptor.length < 5) throw bad(2, 'record file without record length and count');
  return {
    kind: 'ef',
    size: ((descriptor[2]! << 8) | descriptor[3]!) * descriptor[4]!,
    structure: coding === 0x02 ? 'linear-fixed' : 'cyclic',
    recordLength: (descriptor[2]! << 8) | descriptor[3]!,
  };
}

/** PS_DO bit n (from b8 of its first byte) belongs to the n-th key reference that follows. */
function pin1Enabled(objects: readonly BerTlv[]): boolean {
  const template = objects.find((o) => o.tag === PIN_STATUS)?.value;
  if (template === undefined) return false;
  const inner = decodeBerTlvSequence(template);
  const psDo = inner.find((o) => o.tag === PS_DO)?.value ?? new Uint8Array(0);
  const keys = inner.filter((o) => o.tag === KEY_REFERENCE).map((o) => o.value[0]);
  const index = keys.indexOf(PIN1);
  if (index < 0) return false;
  const byte = psDo[index >> 3] ?? 0;
  return (byte & (0x80 >> (index & 7))) !== 0;
}
