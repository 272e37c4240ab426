// Secured packets of ETSI TS 102 225 and 3GPP TS 31.115: SPI, KIc/KID, command and response
// packets, counters, the ciphers and checksums they use, and their SMS user data framing.
export type { BlockCipherEngine, BlockCipherName } from './block-cipher.ts';
export { blockSizeOf, keyLengthsOf, isValidKeyLength } from './block-cipher.ts';
export {
  cbcEncrypt,
  cbcDecrypt,
  ecbEncrypt,
  ecbDecrypt,
  padWithZeros,
  paddingLength,
} from './cbc.ts';
export { cbcMac } from './cbc-mac.ts';
export { aesCmac, cmacSubkeys } from './cmac.ts';
export { crc16, crc32 } from './crc.ts';
export type { Spi, ChecksumType, CounterMode, PorRequest } from './spi.ts';
export { encodeSpi, decodeSpi } from './spi.ts';
export type { Kic, Kid, CipherSuite, ChecksumSuite, OtherKeyCoding } from './key-identifier.ts';
export { decodeKic, decodeKid, encodeKeyIdentifier } from './key-identifier.ts';
export type { PorStatus } from './status.ts';
export { POR_STATUS, porStatusOf, describePorStatus } from './status.ts';
export type { OtaKeys } from './suites.ts';
export { CC_LENGTH, cipherOf, macCipherOf, checksumLength } from './suites.ts';
export type { SecurityRequirement } from './unwrap-steps.ts';
export type {
  CommandHeader,
  CommandPacketParams,
  CommandUnwrap,
  TarContext,
  TarLookup,
} from './command-packet.ts';
export {
  wrapCommandPacket,
  unwrapCommandPacket,
  encodeCounter,
  decodeCounter,
  MAX_COMMAND_PACKET,
} from './command-packet.ts';
export type {
  ResponsePacket,
  ResponsePacketParams,
  ResponseSecurity,
  ResponseUnwrap,
} from './response-packet.ts';
export {
  wrapResponsePacket,
  unwrapResponsePacket,
  SMS_RESPONSE_COVERED_HEADER,
} from './response-packet.ts';
export type {
  CounterDecision,
  CounterRefusal,
  WindowPolicy,
  WindowState,
  WindowDecision,
  WindowRefusal,
} from './counter-check.ts';
export {
  MAX_COUNTER,
  checkCounter,
  checkWindow,
  initialWindowState,
  recordViolation,
  clearFreeze,
} from './counter-check.ts';
export type {
  PacketKind,
  Concatenation,
  SecuredUserData,
  SecuredSegment,
} from './sms-user-data.ts';
export {
  IEI_COMMAND_PACKET,
  IEI_RESPONSE_PACKET,
  MAX_USER_DATA,
  packetToUserData,
  readSecuredUserData,
  joinSecuredSegments,
} from './sms-user-data.ts';
export { porRequired, porFieldsFor } from './proof-of-receipt.ts';
