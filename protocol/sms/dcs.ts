// 3GPP TS 23.038 §4 SMS Data Coding Scheme: the general and automatic-deletion groups, the
// message waiting indication groups and the data coding/message class group; others kept raw.

/** How the user data is coded. `reserved` (general group bits 3-2 = 11) is read as GSM 7 bit. */
export type SmsAlphabet = 'gsm7' | '8bit' | 'ucs2' | 'reserved';

/** Message class 0 (flash), 1 (ME-specific), 2 ((U)SIM-specific), 3 (TE-specific). */
export type MessageClass = 0 | 1 | 2 | 3;

/** Message waiting indication type (TS 23.038 §4, bits 1-0 of groups 1100-1110). */
export type MwiType = 'voicemail' | 'fax' | 'email' | 'other';

/** A decoded TP-DCS octet (TS 23.038 §4), told apart by `group`; every octet has one. */
export type Dcs =
  /** 00xxxxxx, and 01xxxxxx when `autoDelete`. */
  | {
      readonly group: 'general';
      readonly autoDelete: boolean;
      readonly compressed: boolean;
      readonly alphabet: SmsAlphabet;
      readonly messageClass?: MessageClass;
      /** Bits 1-0 when bit 4 (class meaning) is clear: reserved, kept so the octet round-trips. */
      readonly reservedBits?: number;
    }
  /** 1100 discard (GSM 7), 1101 store (GSM 7), 1110 store (UCS2). */
  | {
      readonly group: 'mwi';
      readonly store: boolean;
      readonly alphabet: 'gsm7' | 'ucs2';
      readonly active: boolean;
      readonly indication: MwiType;
      /** Bit 2, reserved: kept so that the octet round-trips. */
      readonly reservedBit?: true;
    }
  /** 1111xxxx. */
  | {
      readonly group: 'dataClass';
      readonly alphabet: 'gsm7' | '8bit';
      readonly messageClass: MessageClass;
      /** Bit 3, reserved: kept so that the octet round-trips. */
      readonly reservedBit?: true;
    }
  /** 1000-1011: reserved coding groups, the octet as received. */
  | { readonly group: 'reserved'; readonly value: number };

const ALPHABETS: readonly SmsAlphabet[] = ['gsm7', '8bit', 'ucs2', 'reserved'];
const MWI_TYPES: readonly MwiType[] = ['voicemail', 'fax', 'email', 'other'];

/** DCS 00: GSM 7 bit, no class. */
export const DCS_GSM7: Dcs = {
  group: 'general',
  autoDelete: false,
  compressed: false,
  alphabet: 'gsm7',
};
/** DCS 04: 8-bit data, no class. */
export const DCS_8BIT: Dcs = {
  group: 'general',
  autoDelete: false,
  compressed: false,
  alphabet: '8bit',
};
/** DCS 08: UCS2, no class. */
export const DCS_UCS2: Dcs = {
  group: 'general',
  autoDelete: false,
  compressed: false,
  alphabet: 'ucs2',
};
/** DCS F6: 8-bit, class 2 ((U)SIM data download, TS 31.111 §7.1.1). */
export const DCS_SIM_DOWNLOAD: Dcs = { group: 'dataClass', alphabet: '8bit', messageClass: 2 };

/** Interprets one DCS octet. Every octet decodes; none is rejected. */
export function decodeDcs(octet: number): Dcs {
  const group = octet >> 4;
  if (group <= 7) {
    const hasClass = (octet & 0x10) !== 0;
    const cls = hasClass
      ? { messageClass: (octet & 3) as MessageClass }
      : (octet & 3) !== 0
        ? { reservedBits: octet & 3 }
        : {};
    return {
      group: 'general',
      autoDelete: (octet & 0x40) !== 0,
      compressed: (octet & 0x20) !== 0,
      alphabet: ALPHABETS[(octet >> 2) & 3]!,
      ...cls,
    };
  }
  if (group >= 0xc && group <= 0xe) {
    return {
      group: 'mwi',
      store: group !== 0xc,
      alphabet: group === 0xe ? 'ucs2' : 'gsm7',
      active: (octet & 0x08) !== 0,
      indication: MWI_TYPES[octet & 3]!,
      ...((octet & 0x04) !== 0 ? { reservedBit: true as const } : {}),
    };
  }
  if (group === 0xf) {
    return {
      group: 'dataClass',
      alphabet: (octet & 0x04) !== 0 ? '8bit' : 'gsm7',
      messageClass: (octet & 3) as MessageClass,
      ...((octet & 0x08) !== 0 ? { reservedBit: true as const } : {}),
    };
  }
  return { group: 'reserved', value: octet };
}

/** The DCS octet. Throws RangeError for combinations no octet expresses. */
export function encodeDcs(dcs: Dcs): number {
  switch (dcs.group) {
    case 'general': {
      const cls =
        dcs.messageClass === undefined
          ? checkClass(dcs.reservedBits ?? 0)
          : 0x10 | checkClass(dcs.messageClass);
      return (
        (dcs.autoDelete ? 0x40 : 0) |
        (dcs.compressed ? 0x20 : 0) |
        cls |
        (ALPHABETS.indexOf(dcs.alphabet) << 2)
      );
    }
    case 'mwi': {
      if (!dcs.store && dcs.alphabet === 'ucs2')
        throw new RangeError('MWI discard group is GSM 7 only');
      const group = dcs.alphabet === 'ucs2' ? 0xe0 : dcs.store ? 0xd0 : 0xc0;
      return (
        group | (dcs.active ? 8 : 0) | (dcs.reservedBit ? 4 : 0) | MWI_TYPES.indexOf(dcs.indication)
      );
    }
    case 'dataClass':
      return (
        0xf0 |
        (dcs.reservedBit ? 8 : 0) |
        (dcs.alphabet === '8bit' ? 4 : 0) |
        checkClass(dcs.messageClass)
      );
    case 'reserved':
      if (!Number.isInteger(dcs.value) || dcs.value < 0x80 || dcs.value > 0xbf) {
        throw new RangeError(`reserved DCS group needs an octet 80-BF, got ${dcs.value}`);
      }
      return dcs.value;
  }
}

/**
 * How TP-UD is laid out for this DCS: `septets` (GSM 7 bit, TP-UDL counts septets) or
 * `octets` (8-bit, UCS2 and any compressed data, TP-UDL counts octets). Reserved codings are
 * read as GSM 7 bit (TS 23.038 §4).
 */
export function userDataUnits(dcs: Dcs): 'septets' | 'octets' {
  if (dcs.group === 'general' && dcs.compressed) return 'octets';
  return textAlphabet(dcs) === '8bit' || textAlphabet(dcs) === 'ucs2' ? 'octets' : 'septets';
}

/** The character set of the user data: GSM 7 bit, 8-bit data or UCS2 (reserved -> GSM 7). */
export function textAlphabet(dcs: Dcs): 'gsm7' | '8bit' | 'ucs2' {
  if (dcs.group === 'reserved') return 'gsm7';
  if (dcs.group === 'general' && dcs.compressed) return '8bit';
  return dcs.alphabet === 'reserved' ? 'gsm7' : dcs.alphabet;
}

/** The message class, if the DCS gives one. */
export function messageClassOf(dcs: Dcs): MessageClass | undefined {
  if (dcs.group === 'dataClass') return dcs.messageClass;
  if (dcs.group === 'general') return dcs.messageClass;
  return undefined;
}

function checkClass(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 3)
    throw new RangeError(`class ${value} not 0-3`);
  return value;
}
