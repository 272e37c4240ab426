// A new adaptor record as an operator installs it: the keys shared with the adaptor (ETSI TS 102
// 225 §5.1.2-5.1.3, AES-CBC and AES-CMAC by default), the TARs of the server and of the adaptor's
// payment application, and a fresh counter window.
import { fromHex } from '../../protocol/bytes/index.ts';
import { initialWindowState } from '../../protocol/ota/counter-check.ts';
import type { Kic, Kid } from '../../protocol/ota/key-identifier.ts';
import { cipherOf, macCipherOf } from '../../protocol/ota/suites.ts';
import { isValidKeyLength } from '../../protocol/ota/block-cipher.ts';
import type { CounterPolicyMode, Device } from './device-records.ts';

/** TAR of the server's secured SMS application, as the adaptor addresses it. */
export const DEFAULT_SERVER_TAR = Uint8Array.of(0xb0, 0x00, 0x10);
/** TAR of the adaptor's payment application, where replies go. */
export const DEFAULT_REPLY_TAR = Uint8Array.of(0xb0, 0x00, 0x20);

/** What an operator gives to install an adaptor; keys in hex. */
export interface DeviceSetup {
  readonly msisdn: string;
  readonly kicKey: string;
  readonly kidKey: string;
  readonly kic?: Kic;
  readonly kid?: Kid;
  readonly mode?: CounterPolicyMode;
  readonly serverTar?: Uint8Array;
  readonly replyTar?: Uint8Array;
  /** Counter set at installation: the adaptor's first packet is above it (default 0). */
  readonly initialCounter?: number;
}

/** The device record for `setup` installed at `now`; throws RangeError for unusable keys. */
export function newDevice(setup: DeviceSetup, now: number): Device {
  const kic: Kic = setup.kic ?? { suite: 'aes-cbc', keyVersion: 1 };
  const kid: Kid = setup.kid ?? { suite: 'aes-cmac', keyVersion: 1 };
  const kicKey = fromHex(setup.kicKey);
  const kidKey = fromHex(setup.kidKey);
  const cipher = cipherOf(kic);
  const mac = macCipherOf(kid);
  if (cipher === undefined || !isValidKeyLength(cipher.cipher, kicKey))
    throw new RangeError(`KIc key does not suit ${kic.suite}`);
  if (mac === undefined || !isValidKeyLength(mac, kidKey))
    throw new RangeError(`KID key does not suit ${kid.suite}`);
  return {
    msisdn: setup.msisdn,
    serverTar: setup.serverTar ?? DEFAULT_SERVER_TAR,
    replyTar: setup.replyTar ?? DEFAULT_REPLY_TAR,
    kic,
    kid,
    kicKey,
    kidKey,
    mode: setup.mode ?? 'window',
    window: initialWindowState(setup.initialCounter ?? 0),
    downlinkCounter: 0,
    installedAt: now,
  };
}
