// TERMINAL PROFILE, ETSI TS 102 223 §5.2 / 3GPP TS 31.111 §5.2: the toolkit features a terminal
// supports, one bit each (byte.bit, b1 = LSB). Bits without a name here are kept as they are.
import { DecodeError } from '../bytes/index.ts';

/** Named facilities, keyed by their position `[byte (1-based), bit (1 = LSB)]`. */
export const TERMINAL_PROFILE_BITS = {
  profileDownload: [1, 1],
  smsPpDataDownload: [1, 2],
  cellBroadcastDataDownload: [1, 3],
  menuSelection: [1, 4],
  smsPpDataDownload9exxResponse: [1, 5],
  timerExpiration: [1, 6],
  ussdStringInCallControl: [1, 7],
  callControlByNaa: [1, 8],
  commandResult: [2, 1],
  moShortMessageControl: [2, 4],
  ucs2Entry: [2, 6],
  ucs2Display: [2, 7],
  displayTextExtensionText: [2, 8],
  displayText: [3, 1],
  getInkey: [3, 2],
  getInput: [3, 3],
  moreTime: [3, 4],
  playTone: [3, 5],
  pollInterval: [3, 6],
  pollingOff: [3, 7],
  refresh: [3, 8],
  selectItem: [4, 1],
  sendShortMessage: [4, 2],
  sendSs: [4, 3],
  sendUssd: [4, 4],
  setUpCall: [4, 5],
  setUpMenu: [4, 6],
  provideLocalInformation: [4, 7],
  provideLocalInformationNmr: [4, 8],
  setUpEventList: [5, 1],
  eventMtCall: [5, 2],
  eventCallConnected: [5, 3],
  eventCallDisconnected: [5, 4],
  eventLocationStatus: [5, 5],
  eventUserActivity: [5, 6],
  eventIdleScreenAvailable: [5, 7],
  eventCardReaderStatus: [5, 8],
  eventLanguageSelection: [6, 1],
  eventBrowserTermination: [6, 2],
  eventDataAvailable: [6, 3],
  eventChannelStatus: [6, 4],
  timerManagementStartStop: [8, 1],
  timerManagementGetValue: [8, 2],
  provideLocalInformationDateTime: [8, 3],
  getInkeyBinaryChoice: [8, 4],
  setUpIdleModeText: [8, 5],
  runAtCommand: [8, 6],
  setUpCallSecondAlphaIdentifier: [8, 7],
  sustainedDisplayText: [9, 1],
  sendDtmf: [9, 2],
  provideLocalInformationLanguage: [9, 4],
  languageNotification: [9, 6],
  launchBrowser: [9, 7],
  softKeysSelectItem: [10, 1],
  softKeysSetUpMenu: [10, 2],
  openChannel: [12, 1],
  closeChannel: [12, 2],
  receiveData: [12, 3],
  sendData: [12, 4],
  getChannelStatus: [12, 5],
} as const satisfies Readonly<Record<string, readonly [number, number]>>;

export type TerminalProfileFeature = keyof typeof TERMINAL_PROFILE_BITS;

/**
 * A decoded profile: the named features that are set, and every other bit (RFU bits, the soft
 * key count of byte 11, screen sizes, ...) in `unnamedBits`, which has the profile's length.
 */
export interface TerminalProfile {
  readonly features: ReadonlySet<TerminalProfileFeature>;
  readonly unnamedBits: Uint8Array;
}

/** Longest profile accepted (TS 102 221 allows Lc up to 255). */
export const TERMINAL_PROFILE_MAX_LENGTH = 255;

const FEATURES = Object.keys(TERMINAL_PROFILE_BITS) as TerminalProfileFeature[];

/**
 * Decodes TERMINAL PROFILE data. Any length up to 255 is valid: missing bytes mean "not
 * supported". Longer data is a DecodeError (`CAT_PROFILE_TOO_LONG`).
 */
export function decodeTerminalProfile(bytes: Uint8Array): TerminalProfile {
  if (bytes.length > TERMINAL_PROFILE_MAX_LENGTH) {
    throw new DecodeError('CAT_PROFILE_TOO_LONG', TERMINAL_PROFILE_MAX_LENGTH, 'over 255 bytes');
  }
  const unnamedBits = bytes.slice();
  const features = new Set<TerminalProfileFeature>();
  for (const name of FEATURES) {
    const [index, mask] = position(name);
    if (index < unnamedBits.length && (unnamedBits[index]! & mask) !== 0) {
      features.add(name);
      unnamedBits[index]! &= ~mask;
    }
  }
  return { features, unnamedBits };
}

/**
 * Encodes a profile as long as its `unnamedBits`, or longer if a feature needs it (at least
 * `minLength` bytes, trailing zero bytes kept).
 */
export function encodeTerminalProfile(profile: TerminalProfile, minLength = 0): Uint8Array {
  let length = Math.max(minLength, profile.unnamedBits.length);
  for (const name of profile.features) length = Math.max(length, position(name)[0] + 1);
  if (length > TERMINAL_PROFILE_MAX_LENGTH)
    throw new RangeError('terminal profile longer than 255 bytes');
  const out = new Uint8Array(length);
  out.set(profile.unnamedBits);
  for (const name of profile.features) {
    const [index, mask] = position(name);
    out[index]! |= mask;
  }
  return out;
}

/** A profile with just `features` set. */
export function terminalProfile(...features: readonly TerminalProfileFeature[]): TerminalProfile {
  return { features: new Set(features), unnamedBits: new Uint8Array(0) };
}

/** True when the profile advertises `feature`. */
export function supports(profile: TerminalProfile, feature: TerminalProfileFeature): boolean {
  return profile.features.has(feature);
}

function position(name: TerminalProfileFeature): [index: number, mask: number] {
  const [byte, bit] = TERMINAL_PROFILE_BITS[name];
  return [byte - 1, 1 << (bit - 1)];
}
