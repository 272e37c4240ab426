// Test helpers for the adaptor: settings with test keys, an adaptor over a virtual SIM, a
// handset-side toolkit driver, and the server's side of the secured channel.
import { readFileSync } from 'node:fs';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import {
  decodeProactiveCommand,
  encodeEnvelope,
  encodeTerminalResponse,
  terminalResponseTo,
  type ProactiveCommand,
  type ResponseObjects,
} from '../../../protocol/cat/index.ts';
import {
  commandApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../../../protocol/iso7816/apdu.ts';
import {
  unwrapCommandPacket,
  wrapCommandPacket,
  type CommandUnwrap,
  type Spi,
} from '../../../protocol/ota/index.ts';
import { phoneAddress } from '../../../protocol/sms/address.ts';
import { DCS_SIM_DOWNLOAD } from '../../../protocol/sms/dcs.ts';
import { encodeSmsDeliver, type SmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { encodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import {
  adaptorConfig,
  AES_KIC,
  AES_KID,
  createAdaptor,
  memoryStorage,
  PAYMENT_TAR,
  SERVER_TAR,
  type Adaptor,
  type AdaptorNotice,
  type AdaptorSettings,
  type MemoryStorage,
  type VoiceEncoder,
} from '../../../firmware-sim/adaptor/index.ts';
import type { Profile } from '../../../firmware-sim/virtual-sim/profile.ts';
import {
  createVirtualSim,
  virtualSimLink,
  type VirtualSim,
} from '../../../firmware-sim/virtual-sim/index.ts';

export const engine = new NodeBlockCipherEngine();
export const SERVER = '+4085550100';

export const TEST_SETTINGS: AdaptorSettings = {
  serverNumber: SERVER,
  ivrNumber: '+4085550200',
  keys: { kic: '000102030405060708090a0b0c0d0e0f', kid: '101112131415161718191a1b1c1d1e1f' },
  managementKeys: {
    kic: '202122232425262728292a2b2c2d2e2f',
    kid: '303132333435363738393a3b3c3d3e3f',
  },
  uplinkCounter: 0,
  downlinkCounter: 0,
  managementCounter: 0,
  applications: { generator: true, voice: true },
  blockPlaintextToServer: true,
};

export function fixtureProfile(name: 'test-sim' | 'sim-2g'): Profile {
  const url = new URL(`../../../fixtures/sim-profiles/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Profile;
}

export interface Bench {
  readonly sim: VirtualSim;
  readonly adaptor: Adaptor;
  readonly storage: MemoryStorage;
  readonly notices: AdaptorNotice[];
  readonly link: CardLink;
}

/** An adaptor over a virtual SIM made from a fixture profile. */
export function bench(
  options: {
    readonly profile?: Partial<Profile>;
    readonly name?: 'test-sim' | 'sim-2g';
    readonly storage?: MemoryStorage;
    readonly voice?: VoiceEncoder;
  } = {},
): Bench {
  const sim = createVirtualSim({
    ...fixtureProfile(options.name ?? 'test-sim'),
    ...options.profile,
  });
  const storage = options.storage ?? memoryStorage(TEST_SETTINGS);
  const adaptor = createAdaptor({
    sim: virtualSimLink(sim),
    storage,
    cipher: engine,
    config: adaptorConfig(TEST_SETTINGS),
    ...(options.voice === undefined ? {} : { voiceEncoder: options.voice }),
  });
  const notices: AdaptorNotice[] = [];
  adaptor.onNotice((n) => {
    if (n.type !== 'apdu.traced') notices.push(n);
  });
  return { sim, adaptor, storage, notices, link: adaptor.link };
}

/** Sends one APDU given as hex header and data. */
export const send = (link: CardLink, apdu: CommandApdu): Promise<ResponseApdu> =>
  link.transmit(apdu);

const uicc = (ins: number, data: Uint8Array, ne?: number): CommandApdu =>
  commandApdu(0x80, ins, 0, 0, data, ne);

/** TERMINAL PROFILE with SMS-PP download, MO SMS control, menus and the toolkit commands set. */
export const TERMINAL_PROFILE = fromHex('ffffffff7f');

export const terminalProfile = (link: CardLink) => send(link, uicc(0x10, TERMINAL_PROFILE));

/** FETCH with the length of a 91xx. */
export async function fetchCommand(link: CardLink, sw: number): Promise<ProactiveCommand> {
  const length = sw & 0xff || 256;
  let response = await send(link, uicc(0x12, new Uint8Array(0), length));
  if (response.sw >> 8 === 0x6c) {
    response = await send(link, uicc(0x12, new Uint8Array(0), response.sw & 0xff || 256));
  }
  if (response.sw !== 0x9000) throw new Error(`FETCH answered ${response.sw.toString(16)}`);
  return decodeProactiveCommand(response.data);
}

export function terminalResponse(
  link: CardLink,
  command: ProactiveCommand,
  code = 0,
  objects: ResponseObjects = {},
): Promise<ResponseApdu> {
  const tr = encodeTerminalResponse(terminalResponseTo(command, { code }, objects));
  return send(link, uicc(0x14, tr));
}

export function selectMenuItem(link: CardLink, itemIdentifier: number): Promise<ResponseApdu> {
  const body = encodeEnvelope({ kind: 'menuSelection', itemIdentifier, helpRequested: false });
  return send(link, uicc(0xc2, body));
}

/** Keeps fetching and answering until the card has nothing pending; returns what it fetched. */
export async function drain(
  link: CardLink,
  sw: number,
  answer: (c: ProactiveCommand) => ResponseObjects & { code?: number } = () => ({}),
): Promise<ProactiveCommand[]> {
  const seen: ProactiveCommand[] = [];
  let status = sw;
  for (let i = 0; i < 20 && status >> 8 === 0x91; i++) {
    const command = await fetchCommand(link, status);
    seen.push(command);
    const { code, ...objects } = answer(command);
    status = (await terminalResponse(link, command, code ?? 0, objects)).sw;
  }
  return seen;
}

/** The server's side: opens what the adaptor sends, seals what it sends back. */
export const serverKeys = {
  kic: fromHex(TEST_SETTINGS.keys.kic),
  kid: fromHex(TEST_SETTINGS.keys.kid),
};

export function serverOpens(packet: Uint8Array, stored = 0): CommandUnwrap {
  return unwrapCommandPacket(packet, () => ({ keys: serverKeys, counter: stored }), engine);
}

export const DOWNLINK_SPI: Spi = {
  checksum: 'cc',
  ciphering: true,
  counter: 'higher',
  por: 'always',
  porChecksum: 'cc',
  porCiphering: true,
  porViaSubmit: false,
};

/** A packet from the server to `tar` with `text` and `counter`. */
export function serverPacket(
  text: string,
  counter: number,
  options: { tar?: Uint8Array; keys?: typeof serverKeys; spi?: Spi } = {},
): Uint8Array {
  const params = {
    spi: options.spi ?? DOWNLINK_SPI,
    kic: AES_KIC,
    kid: AES_KID,
    tar: options.tar ?? PAYMENT_TAR,
    counter,
    data: encodeGsm7Septets(text),
  };
  return wrapCommandPacket(params, options.keys ?? serverKeys, engine);
}

/** The SMS-DELIVER that carries `packet` from `from` (PID 7F, DCS F6, UDH with the CPI). */
export function deliverOf(packet: Uint8Array, from = SERVER): SmsDeliver {
  return {
    type: 'deliver',
    replyPath: false,
    statusReportIndication: false,
    loopPrevention: false,
    moreMessagesToSend: false,
    originator: phoneAddress(from),
    pid: 0x7f,
    dcs: DCS_SIM_DOWNLOAD,
    timestamp: {
      year: 2026,
      month: 11,
      day: 23,
      hour: 12,
      minute: 0,
      second: 0,
      tzQuarterHours: 0,
    },
    userData: { header: [{ type: 'otaCommand' }], body: packet },
  };
}

/** ENVELOPE (SMS-PP DOWNLOAD) with `deliver`. */
export function downloadEnvelope(deliver: SmsDeliver): CommandApdu {
  const body = encodeEnvelope({ kind: 'smsPpDownload', tpdu: encodeSmsDeliver(deliver) });
  return uicc(0xc2, body);
}

export { SERVER_TAR };

/** ENVELOPE (MO SHORT MESSAGE CONTROL) for an SMS to `to`. */
export const moControlTo = (to: string): CommandApdu =>
  uicc(
    0xc2,
    encodeEnvelope({
      kind: 'moShortMessageControl',
      serviceCentre: { ton: 1, npi: 1, digits: '4085550001' },
      destination: { ton: 1, npi: 1, digits: to.replace('+', '') },
      location: { mcc: '001', mnc: '01', lac: 1, cellId: 1, cellIdOctets: 2 },
    }),
  );
