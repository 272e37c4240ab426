// The COMPREHENSION-TLV list inside a CAT message (TS 102 223 §6.5, §7, annex C): decoders take
// objects by tag in order and keep the ones they do not know; encoders append objects in order.
import { ByteReader, DecodeError } from '../bytes/index.ts';
import {
  type BerTlv,
  type ComprehensionTlv,
  decodeBerTlv,
  encodeBerTlv,
  encodeComprehensionTlvSequence,
  readComprehensionTlv,
  COMPREHENSION_TLV_MAX_OBJECTS,
} from '../tlv/index.ts';
import { tagName } from './tags.ts';

/** A decoded object plus the offset of its tag in the whole message (for error reports). */
export interface LocatedTlv extends ComprehensionTlv {
  readonly offset: number;
}

/** Throws the CAT decoding error `CAT_<code>`. */
export function catError(code: string, offset: number, message: string): never {
  throw new DecodeError(`CAT_${code}`, offset, message);
}

/** The objects of one message; `take*` marks an object as used, `rest()` returns the others. */
export class ObjectBag {
  private readonly used: boolean[];

  constructor(
    readonly objects: readonly LocatedTlv[],
    readonly endOffset: number,
  ) {
    this.used = objects.map(() => false);
  }

  /** Reads every object left in `r`. */
  static read(r: ByteReader): ObjectBag {
    const objects: LocatedTlv[] = [];
    while (!r.atEnd) {
      if (objects.length === COMPREHENSION_TLV_MAX_OBJECTS) r.fail('TOO_MANY', 'too many objects');
      const offset = r.offset;
      objects.push({ ...readComprehensionTlv(r), offset });
    }
    return new ObjectBag(objects, r.offset);
  }

  /** Index of the first unused object with `tag`, or -1. */
  indexOf(tag: number, from = 0): number {
    for (let i = from; i < this.objects.length; i++) {
      if (!this.used[i] && this.objects[i]!.tag === tag) return i;
    }
    return -1;
  }

  /** The first unused object with `tag`, marked used. */
  optional(tag: number): LocatedTlv | undefined {
    const index = this.indexOf(tag);
    return index < 0 ? undefined : this.takeAt(index);
  }

  /** Like `optional` but the object is mandatory: `CAT_MISSING_OBJECT` when absent. */
  take(tag: number): LocatedTlv {
    const found = this.optional(tag);
    if (found === undefined) {
      catError('MISSING_OBJECT', this.endOffset, `mandatory ${tagName(tag)} object missing`);
    }
    return found;
  }

  /** Every unused object with `tag`, marked used. */
  all(tag: number): LocatedTlv[] {
    const out: LocatedTlv[] = [];
    for (let i = this.indexOf(tag); i >= 0; i = this.indexOf(tag, i + 1)) out.push(this.takeAt(i));
    return out;
  }

  takeAt(index: number): LocatedTlv {
    this.used[index] = true;
    return this.objects[index]!;
  }

  /** Objects no decoder took, without their offsets, in message order. */
  rest(): ComprehensionTlv[] {
    return this.objects
      .filter((_, i) => !this.used[i])
      .map(({ tag, comprehensionRequired, value }) => ({ tag, comprehensionRequired, value }));
  }
}

/** Appends COMPREHENSION-TLV objects; the CR flag is set unless told otherwise. */
export class ObjectWriter {
  private readonly objects: ComprehensionTlv[] = [];

  add(tag: number, value: Uint8Array, comprehensionRequired = true): this {
    this.objects.push({ tag, comprehensionRequired, value });
    return this;
  }

  /** Appends pass-through objects (kept from decoding) unchanged. */
  addAll(objects: readonly ComprehensionTlv[] | undefined): this {
    if (objects !== undefined) this.objects.push(...objects);
    return this;
  }

  finish(): Uint8Array {
    return encodeComprehensionTlvSequence(this.objects);
  }

  /** The objects wrapped in a BER-TLV template such as `D0` or `D1`. */
  finishIn(berTag: number): Uint8Array {
    return encodeBerTlv({ tag: berTag, value: this.finish() });
  }
}

/** Largest data field of a short APDU: every CAT message has to fit one (TS 102 221 §10). */
export const CAT_MESSAGE_MAX_LENGTH = 255;

/** Returns `bytes`, or throws RangeError when it would not fit a short APDU. */
export function checkedSize(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length > CAT_MESSAGE_MAX_LENGTH) {
    throw new RangeError(`${what} of ${bytes.length} bytes exceeds ${CAT_MESSAGE_MAX_LENGTH}`);
  }
  return bytes;
}

/** Decodes a BER-TLV template and reads its COMPREHENSION-TLV objects with message offsets. */
export function readTemplate(bytes: Uint8Array): { template: BerTlv; bag: ObjectBag } {
  const template = decodeBerTlv(bytes);
  const base = bytes.length - template.value.length;
  return { template, bag: ObjectBag.read(new ByteReader(template.value, 'CTLV', base)) };
}

/** Copies `rest` into an `otherObjects` field only when there is something to keep. */
export function withOthers<T extends object>(
  value: T,
  rest: readonly ComprehensionTlv[],
): T & { otherObjects?: readonly ComprehensionTlv[] } {
  return rest.length === 0 ? value : { ...value, otherObjects: rest };
}
