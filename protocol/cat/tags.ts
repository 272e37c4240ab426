// Names for trace printing: BER-TLV tags (ETSI TS 102 223 §9.1), COMPREHENSION-TLV tags (§9.3),
// type of command (§9.4), events (§8.25) and device identities (§8.7).

/** BER-TLV tags of proactive commands and envelopes (TS 102 223 §9.1). */
export const BerTag = {
  proactiveCommand: 0xd0,
  smsPpDownload: 0xd1,
  cellBroadcastDownload: 0xd2,
  menuSelection: 0xd3,
  callControl: 0xd4,
  moShortMessageControl: 0xd5,
  eventDownload: 0xd6,
  timerExpiration: 0xd7,
  ussdDownload: 0xd9,
  mmsTransferStatus: 0xda,
  mmsNotificationDownload: 0xdb,
  terminalApplication: 0xdc,
  geographicalLocationReporting: 0xdd,
} as const;

/** COMPREHENSION-TLV tag values without the CR flag (TS 102 223 §9.3, TS 31.111 §9.3). */
export const Tag = {
  commandDetails: 0x01,
  deviceIdentities: 0x02,
  result: 0x03,
  duration: 0x04,
  alphaIdentifier: 0x05,
  address: 0x06,
  capabilityConfigurationParameters: 0x07,
  subaddress: 0x08,
  ssString: 0x09,
  ussdString: 0x0a,
  smsTpdu: 0x0b,
  cellBroadcastPage: 0x0c,
  textString: 0x0d,
  tone: 0x0e,
  item: 0x0f,
  itemIdentifier: 0x10,
  responseLength: 0x11,
  fileList: 0x12,
  locationInformation: 0x13,
  imei: 0x14,
  helpRequest: 0x15,
  networkMeasurementResults: 0x16,
  defaultText: 0x17,
  itemsNextActionIndicator: 0x18,
  eventList: 0x19,
  cause: 0x1a,
  locationStatus: 0x1b,
  transactionIdentifier: 0x1c,
  bcchChannelList: 0x1d,
  iconIdentifier: 0x1e,
  itemIconIdentifierList: 0x1f,
  timerIdentifier: 0x24,
  timerValue: 0x25,
  dateTimeAndTimeZone: 0x26,
  callControlRequestedAction: 0x27,
  immediateResponse: 0x2b,
  dtmfString: 0x2c,
  language: 0x2d,
  timingAdvance: 0x2e,
  aid: 0x2f,
  browserTerminationCause: 0x34,
  accessTechnology: 0x3f,
  textAttribute: 0x50,
  itemTextAttributeList: 0x51,
  frameIdentifier: 0x68,
} as const;

/** Type of command (TS 102 223 §9.4). */
export const CommandType = {
  refresh: 0x01,
  moreTime: 0x02,
  pollInterval: 0x03,
  pollingOff: 0x04,
  setUpEventList: 0x05,
  setUpCall: 0x10,
  sendSs: 0x11,
  sendUssd: 0x12,
  sendShortMessage: 0x13,
  sendDtmf: 0x14,
  launchBrowser: 0x15,
  playTone: 0x20,
  displayText: 0x21,
  getInkey: 0x22,
  getInput: 0x23,
  selectItem: 0x24,
  setUpMenu: 0x25,
  provideLocalInformation: 0x26,
  timerManagement: 0x27,
  setUpIdleModeText: 0x28,
  runAtCommand: 0x34,
  languageNotification: 0x35,
  openChannel: 0x40,
  closeChannel: 0x41,
  receiveData: 0x42,
  sendData: 0x43,
  getChannelStatus: 0x44,
  endOfProactiveSession: 0x81,
} as const;

/** Event list values (TS 102 223 §8.25). */
export const EventCode = {
  mtCall: 0x00,
  callConnected: 0x01,
  callDisconnected: 0x02,
  locationStatus: 0x03,
  userActivity: 0x04,
  idleScreenAvailable: 0x05,
  cardReaderStatus: 0x06,
  languageSelection: 0x07,
  browserTermination: 0x08,
  dataAvailable: 0x09,
  channelStatus: 0x0a,
  accessTechnologyChange: 0x0b,
  displayParametersChanged: 0x0c,
  localConnection: 0x0d,
  networkSearchModeChange: 0x0e,
} as const;

/** Device identities (TS 102 223 §8.7). */
export const Device = {
  keypad: 0x01,
  display: 0x02,
  earpiece: 0x03,
  uicc: 0x81,
  terminal: 0x82,
  network: 0x83,
} as const;

const ACRONYMS = new Set(['sms', 'pp', 'mt', 'mo', 'ussd', 'ss', 'dtmf', 'imei', 'aid', 'bcch']);
for (const word of ['tpdu', 'mms', 'uicc', 'cr', 'id']) ACRONYMS.add(word);

const berTagNames = invert(BerTag, true);
const tagNames = invert(Tag, false);
const commandTypeNames = invert(CommandType, true);
const eventNames = invert(EventCode, false);
const deviceNames = invert(Device, false);

/** `'SMS-PP DOWNLOAD'` for `D1`; a hex fallback for an unknown tag. */
export function berTagName(tag: number): string {
  return berTagNames.get(tag) ?? `BER-TLV ${hex(tag)}`;
}

/** `'text string'` for `0D` or `8D` (the CR flag is ignored). */
export function tagName(tag: number): string {
  return tagNames.get(tag & 0x7f) ?? tagNames.get(tag) ?? `tag ${hex(tag)}`;
}

/** `'SEND SHORT MESSAGE'` for `13`. */
export function commandTypeName(type: number): string {
  return commandTypeNames.get(type) ?? `command ${hex(type)}`;
}

/** `'MT call'`-style name of an event list value. */
export function eventName(event: number): string {
  return eventNames.get(event) ?? `event ${hex(event)}`;
}

/** `'UICC'`, `'terminal'`, `'network'`, ... */
export function deviceName(device: number): string {
  if (device >= 0x21 && device <= 0x27) return `channel ${device - 0x20}`;
  return deviceNames.get(device) ?? `device ${hex(device)}`;
}

function invert(table: Readonly<Record<string, number>>, upper: boolean): Map<number, string> {
  const out = new Map<number, string>();
  for (const [key, value] of Object.entries(table)) {
    const words = key
      .split(/(?=[A-Z])/)
      .map((w) => w.toLowerCase())
      .map((w) => (upper || ACRONYMS.has(w) ? w.toUpperCase() : w));
    out.set(value, words.join(' ').replace('SMS PP', 'SMS-PP'));
  }
  return out;
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0').toUpperCase();
}
