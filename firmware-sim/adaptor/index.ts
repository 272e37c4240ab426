// The SIM adaptor firmware: a card toward the handset, a terminal toward the SIM, with an
// operating system running the management, payment (secured SMS) and voice applications.
export {
  createAdaptor,
  standardApplications,
  type Adaptor,
  type AdaptorOptions,
} from './adaptor.ts';
export {
  createAdaptorCore,
  type AdaptorCore,
  type CoreDeps,
  type DeviceEvent,
  type Exchange,
} from './adaptor-core.ts';
export {
  adaptorMachine,
  ADAPTOR_DELAYS,
  type AdaptorEmitted,
  type AdaptorEvent,
} from './adaptor-machine.ts';
export * from './application.ts';
export * from './config.ts';
export { AdaptorLinkError, type AdaptorFailure } from './link-error.ts';
export type { AdaptorNotice } from './notices.ts';
export * from './settings.ts';
export { voiceApplication, type VoiceEncoder } from './voice-app.ts';
export { generatorApplication } from './generator/generator-app.ts';
export { managementApplication, parseManagement } from './management-app.ts';
export * from './generator/payment-request.ts';
export { OWN_ITEM_BASE } from './menu-merge.ts';
export {
  t0HandsetLineMachine,
  LINE_DELAYS,
  type LineEmitted,
  type LineEvent,
} from './t0-handset-line.ts';
export { t0SimLink, type ByteLine, MAX_LINE_EXCHANGES } from './t0-sim-link.ts';
export { keypadVoiceEncoder, minorUnits } from './keypad-voice-encoder.ts';
export { parseAdaptorSettings } from './settings-json.ts';
