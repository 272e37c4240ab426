// Checks an untrusted JSON value against the Profile type (profile.ts) and the card layout
// (file-layout.ts); the first problem is a ProfileError naming the field.
import { DecodeError, fromHex } from '../../protocol/bytes/index.ts';
import { encodeSimAlphabet } from '../../protocol/cat/sim-alphabet.ts';
import { atrProtocols, decodeAtr } from '../../protocol/iso7816/atr.ts';
import { ADN_ALPHA_LENGTH, SMSP_ALPHA_LENGTH, cardLayout } from './file-layout.ts';
import {
  PROFILE_FORMAT,
  type AdnEntry,
  type Pin1,
  type Profile,
  type SecretCode,
  type SmsParameters,
} from './profile.ts';
import { badField } from './profile-error.ts';
import {
  type Json,
  arrayField,
  boolField,
  defined,
  hexOf,
  intField,
  objectAt,
  optionalInt,
  optionalString,
  stringField,
} from './profile-fields.ts';
import { validateInvalidated, validateStoredFiles } from './profile-files.ts';
import { PIN_MAX_RETRIES, PUK_MAX_RETRIES, ADM_MAX_RETRIES } from './secret-codes.ts';

const NUMBER = /^\+?[0-9]{1,20}$/;
const NUMBER_TEXT = "a number of 1 to 20 digits, '+' for international";
const USIM_RID_APP = /^A0000000871002([0-9A-F]{2}){0,9}$/i;
const USIM_AID_TEXT = 'a USIM AID: A0000000871002 and up to 9 more bytes';
const IMSI_TEXT = 'a test IMSI: 00101 and 1 to 10 digits';
const ADM = /^([0-9]{8}|[0-9a-fA-F]{16})$/;
const ADM_TEXT = '8 digits or 16 hex digits';

/** Validates a parsed JSON value as a profile. Throws ProfileError. */
export function validateProfile(value: unknown): Profile {
  const o = objectAt(value, 'profile');
  if (o['format'] !== PROFILE_FORMAT) badField('format', `"${PROFILE_FORMAT}"`);
  const adnRecords = optionalInt(o, 'adnRecords', 'adnRecords', 1, 254);
  const profile: Profile = defined<Profile>({
    format: PROFILE_FORMAT,
    description: optionalString(o, 'description', 'description', /^[^\n]*$/, 'one line of text'),
    atr: o['atr'] === undefined ? undefined : atrField(o['atr']),
    uicc: boolField(o, 'uicc', 'uicc'),
    ...identityFields(o),
    usimAid: optionalString(o, 'usimAid', 'usimAid', USIM_RID_APP, USIM_AID_TEXT),
    sstServices: services(o, 'sstServices'),
    ustServices: services(o, 'ustServices'),
    adn: adnField(o, adnRecords ?? 10),
    smsp: smspField(o['smsp']),
    smsRecords: optionalInt(o, 'smsRecords', 'smsRecords', 1, 254),
    adnRecords,
    storeSmsPpDownload: boolField(o, 'storeSmsPpDownload', 'storeSmsPpDownload'),
    proactiveCommands: o['proactiveCommands'] === undefined ? undefined : proactive(o),
    terminalProfile:
      o['terminalProfile'] === undefined
        ? undefined
        : hexOf(o['terminalProfile'], 'terminalProfile', 1, 255),
    files: undefined,
  });
  const layout = cardLayout(profile);
  const invalidated =
    o['invalidatedFiles'] === undefined
      ? profile
      : { ...profile, invalidatedFiles: validateInvalidated(o['invalidatedFiles'], layout) };
  if (o['files'] === undefined) return invalidated;
  return { ...invalidated, files: validateStoredFiles(o['files'], layout) };
}

type Identity = Pick<Profile, 'iccid' | 'imsi' | 'msisdn' | 'pin1' | 'puk1' | 'adm1' | 'ki'>;

/** ICCID, IMSI, MSISDN, secret codes and Ki. */
function identityFields(o: Json): { [K in keyof Identity]: Identity[K] | undefined } {
  const adm = o['adm1'];
  return {
    iccid: stringField(o, 'iccid', 'iccid', /^89[0-9]{17,18}$/, '19 or 20 digits starting 89'),
    imsi: stringField(o, 'imsi', 'imsi', /^00101[0-9]{1,10}$/, IMSI_TEXT),
    msisdn: stringField(o, 'msisdn', 'msisdn', NUMBER, NUMBER_TEXT),
    pin1: pin1Field(o['pin1']),
    puk1: codeField(o['puk1'], 'puk1', /^[0-9]{8}$/, '8 digits', PUK_MAX_RETRIES),
    adm1: adm === undefined ? undefined : codeField(adm, 'adm1', ADM, ADM_TEXT, ADM_MAX_RETRIES),
    ki: hexOf(o['ki'], 'ki', 16, 16),
  };
}

function atrField(value: unknown): string {
  const hex = hexOf(value, 'atr', 2, 33);
  try {
    if (atrProtocols(decodeAtr(fromHex(hex))).includes(0)) return hex;
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
  return badField('atr', 'a well-formed ATR offering T=0');
}

function codeField(
  value: unknown,
  at: string,
  pattern: RegExp,
  what: string,
  max: number,
): SecretCode {
  const o = objectAt(value, at);
  return {
    value: stringField(o, 'value', `${at}.value`, pattern, what),
    retriesLeft: intField(o, 'retriesLeft', `${at}.retriesLeft`, 0, max),
  };
}

function pin1Field(value: unknown): Pin1 {
  const code = codeField(value, 'pin1', /^[0-9]{4,8}$/, '4 to 8 digits', PIN_MAX_RETRIES);
  return { ...code, enabled: boolField(objectAt(value, 'pin1'), 'enabled', 'pin1.enabled') };
}

function services(o: Json, key: string): number[] {
  return arrayField(o, key, key, 64).map((n, i) => intField({ n }, 'n', `${key}[${i}]`, 1, 64));
}

function alphaField(o: Json, key: string, at: string, max: number): string | undefined {
  const text = o[key];
  if (text === undefined) return undefined;
  if (typeof text === 'string' && encodedLength(text) <= max) return text;
  return badField(at, `text of at most ${max} bytes in the SIM alphabet`);
}

/** Bytes `text` takes in the SIM alphabet; Infinity for text it cannot carry (lone surrogates). */
function encodedLength(text: string): number {
  try {
    return encodeSimAlphabet(text).length;
  } catch {
    return Infinity;
  }
}

function adnField(o: Json, records: number): AdnEntry[] {
  return arrayField(o, 'adn', 'adn', records).map((entry, i) => {
    const e = objectAt(entry, `adn[${i}]`);
    return {
      alpha:
        alphaField(e, 'alpha', `adn[${i}].alpha`, ADN_ALPHA_LENGTH) ??
        badField(`adn[${i}].alpha`, 'text'),
      number: stringField(e, 'number', `adn[${i}].number`, NUMBER, NUMBER_TEXT),
    };
  });
}

function smspField(value: unknown): SmsParameters {
  const o = objectAt(value, 'smsp');
  return defined<SmsParameters>({
    alpha: alphaField(o, 'alpha', 'smsp.alpha', SMSP_ALPHA_LENGTH),
    serviceCentre: stringField(o, 'serviceCentre', 'smsp.serviceCentre', NUMBER, NUMBER_TEXT),
    protocolId: optionalInt(o, 'protocolId', 'smsp.protocolId', 0, 255),
    dataCoding: optionalInt(o, 'dataCoding', 'smsp.dataCoding', 0, 255),
    validityPeriod: optionalInt(o, 'validityPeriod', 'smsp.validityPeriod', 0, 255),
  });
}

function proactive(o: Json): string[] {
  return arrayField(o, 'proactiveCommands', 'proactiveCommands', 16).map((hex, i) => {
    const at = `proactiveCommands[${i}]`;
    const checked = hexOf(hex, at, 3, 256);
    return checked.toLowerCase().startsWith('d0')
      ? checked
      : badField(at, "a proactive command starting 'D0'");
  });
}
