// Secured SMS between the adaptor and the payment server: ETSI TS 102 225 §5.1 command packets
// in 8-bit SMS user data behind the CPI (3GPP TS 31.115 §4.2), AES-CBC and AES-CMAC, CNTR checked
// against the last accepted value and a window ahead, and the §5.2 Proof of Receipt.
import { bytesEqual, DecodeError, fromHex } from '../../protocol/bytes/index.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import {
  unwrapCommandPacket,
  wrapCommandPacket,
  type CommandUnwrap,
} from '../../protocol/ota/command-packet.ts';
import { porFieldsFor, porRequired } from '../../protocol/ota/proof-of-receipt.ts';
import { wrapResponsePacket } from '../../protocol/ota/response-packet.ts';
import type { OtaKeys } from '../../protocol/ota/suites.ts';
import type { UserData } from '../../protocol/sms/user-data.ts';
import {
  AES_KIC,
  AES_KID,
  MANAGEMENT_TAR,
  PAYMENT_TAR,
  REQUIRED_SECURITY,
  SERVER_TAR,
  UPLINK_SPI,
  type AdaptorConfig,
} from './config.ts';
import type { AdaptorSettings, ChannelKeys } from './settings.ts';

/** Which of the adaptor's applications a packet is for. */
export type Channel = 'payment' | 'management';

/** A packet from the server, after the checks. */
export type Opened =
  | {
      readonly accepted: true;
      readonly channel: Channel;
      readonly counter: number;
      readonly data: Uint8Array;
      readonly outcome: CommandUnwrap;
    }
  | {
      readonly accepted: false;
      readonly reason: string;
      readonly counter?: number;
      readonly outcome?: CommandUnwrap;
    };

/** KIc and KID as bytes. */
export const keysOf = (keys: ChannelKeys): OtaKeys => ({
  kic: fromHex(keys.kic),
  kid: fromHex(keys.kid),
});

/** The command packet carrying `data` to the server with counter `counter`. */
export function sealForServer(
  data: Uint8Array,
  counter: number,
  settings: AdaptorSettings,
  cipher: BlockCipherEngine,
): Uint8Array {
  const params = { spi: UPLINK_SPI, kic: AES_KIC, kid: AES_KID, tar: SERVER_TAR, counter, data };
  return wrapCommandPacket(params, keysOf(settings.keys), cipher);
}

/** True when user data carries a secured command packet (UDH with the CPI, IEI 70). */
export function isSecuredUserData(userData: UserData): boolean {
  return userData.header?.some((ie) => ie.type === 'otaCommand') ?? false;
}

function channelOf(tar: Uint8Array): Channel | undefined {
  if (bytesEqual(tar, PAYMENT_TAR)) return 'payment';
  if (bytesEqual(tar, MANAGEMENT_TAR)) return 'management';
  return undefined;
}

const storedCounter = (s: AdaptorSettings, channel: Channel): number =>
  channel === 'payment' ? s.downlinkCounter : s.managementCounter;

/** Verifies and deciphers the command packet in `packet` (the user data after the UDH). */
export function openFromServer(
  packet: Uint8Array,
  settings: AdaptorSettings,
  config: AdaptorConfig,
  cipher: BlockCipherEngine,
): Opened {
  let outcome: CommandUnwrap;
  try {
    outcome = unwrapCommandPacket(packet, lookup(settings), cipher);
  } catch (error) {
    if (error instanceof DecodeError) return { accepted: false, reason: error.code };
    throw error;
  }
  if (outcome.status !== 'ok') {
    const counter = outcome.counter;
    return {
      accepted: false,
      reason: outcome.status,
      outcome,
      ...(counter === undefined ? {} : { counter }),
    };
  }
  const channel = channelOf(outcome.header.tar)!;
  if (outcome.counter > storedCounter(settings, channel) + config.maxCounterAhead) {
    const refused: CommandUnwrap = {
      status: 'counter-high',
      header: outcome.header,
      counter: outcome.counter,
    };
    return { accepted: false, reason: 'counter-high', counter: outcome.counter, outcome: refused };
  }
  return { accepted: true, channel, counter: outcome.counter, data: outcome.data, outcome };
}

function lookup(settings: AdaptorSettings) {
  return (header: { readonly tar: Uint8Array }) => {
    const channel = channelOf(header.tar);
    if (channel === undefined) return undefined;
    const keys = channel === 'payment' ? settings.keys : settings.managementKeys;
    return {
      keys: keysOf(keys),
      counter: storedCounter(settings, channel),
      requirement: REQUIRED_SECURITY,
    };
  };
}

/** The settings with the channel's counter moved to `counter`. */
export function acceptCounter(
  s: AdaptorSettings,
  channel: Channel,
  counter: number,
): AdaptorSettings {
  return channel === 'payment'
    ? { ...s, downlinkCounter: counter }
    : { ...s, managementCounter: counter };
}

/** The Proof of Receipt the command's SPI asks for, or undefined (TS 102 225 §5.2). */
export function proofOfReceipt(
  outcome: CommandUnwrap | undefined,
  settings: AdaptorSettings,
  cipher: BlockCipherEngine,
): Uint8Array | undefined {
  if (outcome === undefined || !porRequired(outcome.header.spi, outcome.status)) return undefined;
  const { spi, kic, kid, tar } = outcome.header;
  const keys = channelOf(tar) === 'management' ? settings.managementKeys : settings.keys;
  try {
    return wrapResponsePacket(porFieldsFor(outcome), { spi, kic, kid }, keysOf(keys), cipher);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
