// Short messages: 3GPP TS 23.040 TPDUs and fields, TS 23.038 alphabets and data coding,
// TS 51.011 / TS 31.102 EF_SMS records and the TS 27.005 PDU form with service centre.
export {
  GSM7_ESCAPE,
  decodeGsm7Septets,
  encodeGsm7Septets,
  gsm7SeptetLength,
  isGsm7Encodable,
} from './gsm7-alphabet.ts';
export { packSeptets, packedLength, unpackSeptets } from './septet-packing.ts';
export {
  MAX_ADDRESS_DIGITS,
  MAX_ALPHANUMERIC_SEPTETS,
  Npi,
  Ton,
  decodeTpAddress,
  encodeTpAddress,
  formatAddress,
  phoneAddress,
  readRpAddress,
  readTpAddress,
  writeRpAddress,
  writeTpAddress,
  type SmsAddress,
} from './address.ts';
export {
  TIMESTAMP_LENGTH,
  decodeTimestamp,
  formatTimestamp,
  readTimestamp,
  writeTimestamp,
  type SmsTimestamp,
} from './timestamp.ts';
export {
  VPF,
  readValidityPeriod,
  relativeValidityFromMinutes,
  relativeValidityMinutes,
  validityPeriodFormat,
  writeValidityPeriod,
  type EnhancedPeriod,
  type ValidityPeriod,
} from './validity-period.ts';
export {
  DCS_8BIT,
  DCS_GSM7,
  DCS_SIM_DOWNLOAD,
  DCS_UCS2,
  decodeDcs,
  encodeDcs,
  messageClassOf,
  textAlphabet,
  userDataUnits,
  type Dcs,
  type MessageClass,
  type MwiType,
  type SmsAlphabet,
} from './dcs.ts';
export {
  Iei,
  decodeUserDataHeader,
  encodeUserDataHeader,
  findConcat,
  readUserDataHeader,
  type InformationElement,
} from './user-data-header.ts';
export {
  MAX_USER_DATA_OCTETS,
  MAX_USER_DATA_SEPTETS,
  decodeUserData,
  encodeUserData,
  readUserData,
  textBody,
  userDataCapacity,
  userDataText,
  writeUserData,
  type UserData,
} from './user-data.ts';
export { type OptionalParameters } from './parameter-indicator.ts';
export { MAX_TPDU_LENGTH } from './tpdu-limits.ts';
export { decodeSmsDeliver, encodeSmsDeliver, type SmsDeliver } from './sms-deliver.ts';
export { decodeSmsSubmit, encodeSmsSubmit, type SmsSubmit } from './sms-submit.ts';
export {
  decodeSmsDeliverReport,
  decodeSmsSubmitReport,
  encodeSmsDeliverReport,
  encodeSmsSubmitReport,
  type ReportForm,
  type SmsDeliverReport,
  type SmsSubmitReport,
} from './sms-reports.ts';
export {
  TpStatus,
  decodeSmsStatusReport,
  encodeSmsStatusReport,
  type SmsStatusReport,
} from './sms-status-report.ts';
export {
  CommandType,
  MAX_COMMAND_DATA,
  decodeSmsCommand,
  encodeSmsCommand,
  type SmsCommand,
} from './sms-command.ts';
export {
  decodeTpdu,
  encodeTpdu,
  readTpdu,
  tpduDirection,
  writeTpdu,
  type DecodeTpduOptions,
  type SmsDirection,
  type Tpdu,
} from './tpdu.ts';
export {
  ConcatenationBuffer,
  MAX_PARTS,
  joinBodies,
  joinText,
  splitText,
  type SplitMessage,
  type SplitOptions,
} from './concatenation.ts';
export {
  messageText,
  textDelivers,
  textSubmits,
  type DeliverOptions,
  type SubmitOptions,
  type TextMessageOptions,
} from './text-messages.ts';
export {
  EF_SMS_FID,
  EF_SMS_RECORD_LENGTH,
  SmsRecordStatus,
  decodeEfSmsRecord,
  encodeEfSmsRecord,
  isMobileOriginated,
  type EfSmsRecord,
} from './ef-sms-record.ts';
export {
  MAX_PDU_WITH_SMSC_LENGTH,
  atPduLength,
  decodePduWithSmsc,
  encodePduWithSmsc,
  type PduWithSmsc,
} from './pdu-with-smsc.ts';
export { efSmsRecordFromJson, efSmsRecordToJson } from './ef-sms-record-json.ts';
export { JsonFieldError } from './json-fields.ts';
export { pduWithSmscFromJson, pduWithSmscToJson, tpduFromJson, tpduToJson } from './tpdu-json.ts';
