// ETSI TS 102 225 §5.2.2 Response Status Codes of the Proof of Receipt, with the codes TS 31.115
// §7 adds for SMS and USSD.

/** Response status codes as names; `POR_STATUS` gives their octet. */
export type PorStatus =
  | 'ok'
  | 'checksum-failed'
  | 'counter-low'
  | 'counter-high'
  | 'counter-blocked'
  | 'ciphering-error'
  | 'unidentified-security-error'
  | 'insufficient-memory'
  | 'more-time'
  | 'tar-unknown'
  | 'insufficient-security-level'
  | 'response-in-sms-submit'
  | 'response-in-ussd';

/** The octet of each status (00-0A from TS 102 225, 0B-0C from TS 31.115). */
export const POR_STATUS: Readonly<Record<PorStatus, number>> = {
  ok: 0x00,
  'checksum-failed': 0x01,
  'counter-low': 0x02,
  'counter-high': 0x03,
  'counter-blocked': 0x04,
  'ciphering-error': 0x05,
  'unidentified-security-error': 0x06,
  'insufficient-memory': 0x07,
  'more-time': 0x08,
  'tar-unknown': 0x09,
  'insufficient-security-level': 0x0a,
  'response-in-sms-submit': 0x0b,
  'response-in-ussd': 0x0c,
};

const BY_OCTET = new Map<number, PorStatus>(
  Object.entries(POR_STATUS).map(([name, octet]) => [octet, name as PorStatus]),
);

/** The status name of an octet, or undefined for a reserved value. */
export function porStatusOf(octet: number): PorStatus | undefined {
  return BY_OCTET.get(octet);
}

/** Human-readable meaning, for logs and the command line. */
export function describePorStatus(status: PorStatus): string {
  return DESCRIPTIONS[status];
}

const DESCRIPTIONS: Readonly<Record<PorStatus, string>> = {
  ok: 'PoR OK',
  'checksum-failed': 'RC/CC/DS failed',
  'counter-low': 'CNTR low',
  'counter-high': 'CNTR high',
  'counter-blocked': 'CNTR blocked',
  'ciphering-error': 'ciphering error',
  'unidentified-security-error': 'unidentified security error',
  'insufficient-memory': 'insufficient memory to process the incoming message',
  'more-time': 'more time needed; a later response packet follows',
  'tar-unknown': 'TAR unknown',
  'insufficient-security-level': 'insufficient security level',
  'response-in-sms-submit': 'actual response data sent in an SMS-SUBMIT',
  'response-in-ussd': 'actual response data sent in a USSD string',
};
