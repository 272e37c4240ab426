// Test helper: one COMPREHENSION-TLV object from hex (or bytes), located at offset 0.
import { fromHex } from '../../../protocol/bytes/index.ts';
import type { LocatedTlv } from '../../../protocol/cat/object-list.ts';
import { decodeComprehensionTlv } from '../../../protocol/tlv/index.ts';

export function located(input: string | Uint8Array): LocatedTlv {
  const bytes = typeof input === 'string' ? fromHex(input) : input;
  return { ...decodeComprehensionTlv(bytes), offset: 0 };
}
