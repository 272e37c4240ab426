// PC/SC bridge: readers and cards through pcscd, and the CardLink over them.
export { TransportError, type TransportErrorCode } from '../../firmware-sim/transport-error.ts';
export { PcscContext, type PcscEvent, type PcscReaderState } from './pcsc-context.ts';
export {
  PcscCard,
  type PcscConnectOptions,
  type PcscDisposition,
  type PcscProtocol,
} from './pcsc-card.ts';
export {
  createPcscCardLink,
  type PcscCardLink,
  type PcscCardLinkOptions,
} from './pcsc-card-link.ts';
export {
  watchCardPresence,
  type CardPresenceOptions,
  type CardPresenceWatch,
} from './card-presence.ts';
export { withDeadline } from './deadline.ts';
export { transmitT0, type T0Result, type TpduSender } from './t0-over-pcsc.ts';
export { PCSCD_SOCKET_PATH, probePcscd } from './pcsc-library.ts';
export { FakeNativePcsc, FakeNativeReader } from './fake-native-pcsc.ts';
export { AmbiguousReaderError, checkReader, openReaderLink, pickReader } from './open-reader.ts';
