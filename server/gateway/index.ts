// The SMS gateway of the payment server: inbound secured (TS 102 225 / TS 31.115) and plain
// payment SMS, the device registry, the outbound port and the keyword parser.
export { SmsGateway, handleInboundSms } from './gateway.ts';
export type { GatewayOptions, InboundResult, PinRelease } from './gateway.ts';
export { DeviceRegistry, readDevice } from './device-registry.ts';
export { PgDeviceRegistry } from './pg-device-registry.ts';
export type {
  CounterPolicyMode,
  Device,
  DeviceLease,
  DeviceRecords,
  StoredReply,
} from './device-records.ts';
export { HandleStore } from './handles.ts';
export type { HandleRecords } from './handles.ts';
export { PgHandleStore } from './pg-handle-store.ts';
export { DEFAULT_WINDOW_POLICY, decideCounter } from './counter-policy.ts';
export { MemoryOutbound, plainDelivers, smsTimestamp } from './outbound.ts';
export type { SentSms, SmsOutbound } from './outbound.ts';
export { DEFAULT_PIN_WINDOW_MS, PinCorrelator, SqlitePinHolds } from './pin-correlation.ts';
export type { HeldEntry, PinHoldRecords } from './pin-correlation.ts';
export { PgPinHolds } from './pg-pin-holds.ts';
export { RecentMessages, SqliteRecentMessages } from './recent-messages.ts';
export type { RecentMessageRecords } from './recent-messages.ts';
export { PgRecentMessages } from './pg-recent-messages.ts';
export { isParseError, needsPin, parseSmsCommand } from './sms-command.ts';
export type { ParsedCommand, ParseError, ParseOptions, TransferCommand } from './sms-command.ts';
export { DOWNLINK_SPI, PID_SIM_DATA_DOWNLOAD, refusalReply, sealedReply } from './secured-reply.ts';
export { smsInboundMethod } from './rpc-method.ts';
export { DEFAULT_REPLY_TAR, DEFAULT_SERVER_TAR, newDevice } from './device-setup.ts';
export type { DeviceSetup } from './device-setup.ts';
