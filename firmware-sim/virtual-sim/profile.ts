// The JSON profile of a virtual SIM: identities, secret codes and retry counters, services and stored
// file contents. Test identities only (MCC 001, MNC 01, TS 23.003 §2.2); the card's own file
// system is fixed by file-layout.ts and filled from these fields.

/** The format tag every profile carries, so that a future layout change is detected. */
export const PROFILE_FORMAT = 'simpay-sim-profile/1';

/**
 * Who may perform an operation on a file: always, after PIN1 (CHV1) verification or with PIN1
 * disabled, after ADM1 verification, never (TS 51.011 §9.3, TS 102 221 §9.5.1 key references).
 */
export type AccessCondition = 'ALW' | 'PIN1' | 'ADM' | 'NEV';

/** A secret code with its remaining attempts (0 = blocked). */
export interface SecretCode {
  /** PIN1: 4 to 8 digits; PUK1: 8 digits; ADM1: 8 digits (TS 102 221 §9.5.2). */
  readonly value: string;
  readonly retriesLeft: number;
}

/** PIN1 (CHV1). `enabled: false` means files protected by PIN1 are readable without it. */
export interface Pin1 extends SecretCode {
  readonly enabled: boolean;
}

/** An EF_ADN record (TS 51.011 §10.5.1): a name and a dialling number (`+` = international). */
export interface AdnEntry {
  readonly alpha: string;
  readonly number: string;
}

/** The SMS parameters record of EF_SMSP (TS 51.011 §10.5.6). */
export interface SmsParameters {
  readonly alpha?: string;
  /** Service centre address, `+` = international (TS 24.011 §8.2.5.1 RP-address). */
  readonly serviceCentre: string;
  /** TP-PID, default 00. */
  readonly protocolId?: number;
  /** TP-DCS, default 00. */
  readonly dataCoding?: number;
  /** TP-VP relative format (TS 23.040 §9.2.3.12.1), default A7 (24 hours). */
  readonly validityPeriod?: number;
}

/**
 * Stored contents of one EF, by canonical path (`3F00/7F10/6F3C`): `data` for a transparent EF,
 * `records` for a linear fixed or cyclic one (cyclic: record 1 = most recent), all hex.
 */
export interface StoredFile {
  readonly path: string;
  readonly data?: string;
  readonly records?: readonly string[];
}

/**
 * A virtual SIM profile (JSON). The identity fields seed the elementary files; `files` holds
 * stored contents (written by `snapshot()`), which win over what the identity fields would give.
 */
export interface Profile {
  readonly format: typeof PROFILE_FORMAT;
  readonly description?: string;
  /** ATR as hex; defaults to the card's own ATR (atr.ts). */
  readonly atr?: string;
  /** True: a UICC with a USIM that also answers GSM class A0; false: a 2G-only SIM (CLA A0). */
  readonly uicc: boolean;
  /** 19 or 20 digits, starting 89 (ITU-T E.118). */
  readonly iccid: string;
  /** 6 to 15 digits, starting with MCC 001 MNC 01. */
  readonly imsi: string;
  /** The subscriber's number, `+` = international. */
  readonly msisdn: string;
  readonly pin1: Pin1;
  readonly puk1: SecretCode;
  /** ADM1 (VERIFY P2 0A); absent: ADM-protected files can never be updated. */
  readonly adm1?: SecretCode;
  /**
   * Subscriber key Ki / K, 16 bytes hex, for the TS 34.108 §8.1.2 XOR test algorithm (not a
   * production algorithm: it exists only for test SIMs).
   */
  readonly ki: string;
  /** The USIM AID, 7 to 16 bytes hex starting A0000000871002 (TS 31.102 Annex A). */
  readonly usimAid?: string;
  /** EF_SST services allocated and activated (TS 51.011 §10.3.7), numbers 1..64. */
  readonly sstServices: readonly number[];
  /** EF_UST services available (TS 31.102 §4.2.8), numbers 1..64. */
  readonly ustServices: readonly number[];
  readonly adn: readonly AdnEntry[];
  readonly smsp: SmsParameters;
  /** Number of EF_SMS records (176 bytes each); default 10. */
  readonly smsRecords?: number;
  /** Number of EF_ADN records; default 10. */
  readonly adnRecords?: number;
  /** Store the SMS of an SMS-PP DOWNLOAD envelope into a free EF_SMS record. */
  readonly storeSmsPpDownload: boolean;
  /**
   * Proactive commands (BER-TLV `D0…`, hex) the card issues itself after each TERMINAL PROFILE,
   * signalled with `91xx` in order.
   */
  readonly proactiveCommands?: readonly string[];
  /** The last TERMINAL PROFILE received (hex), kept across resets. */
  readonly terminalProfile?: string;
  readonly files?: readonly StoredFile[];
  /** EFs invalidated by INVALIDATE (TS 51.011 §9.2.14), by canonical path. */
  readonly invalidatedFiles?: readonly string[];
}
