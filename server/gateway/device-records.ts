// The SMS gateway's device records behind an asynchronous port (SQLite or PostgreSQL): adaptor
// devices (MSISDN, TARs, ETSI TS 102 225 KIc/KID keys, counter window), the reply sent for each
// accepted CNTR (so a retransmission gets the same bytes) and the plain-SMS permission.
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  decodeKic,
  decodeKid,
  encodeKeyIdentifier,
  type Kic,
  type Kid,
} from '../../protocol/ota/key-identifier.ts';
import type { WindowState } from '../../protocol/ota/counter-check.ts';

/** How a device's counters are checked: the sliding window, or the bench modes of DESIGN.md. */
export type CounterPolicyMode = 'window' | 'one-higher' | 'no-check';

/** One adaptor as the gateway knows it. */
export interface Device {
  readonly msisdn: string;
  /** TAR the adaptor addresses (the server's secured SMS application). */
  readonly serverTar: Uint8Array;
  /** TAR of the adaptor's payment application, for replies. */
  readonly replyTar: Uint8Array;
  readonly kic: Kic;
  readonly kid: Kid;
  readonly kicKey: Uint8Array;
  readonly kidKey: Uint8Array;
  readonly mode: CounterPolicyMode;
  readonly window: WindowState;
  /** CNTR of the last command packet sent to the adaptor. */
  readonly downlinkCounter: number;
  /** When the keys were installed (clock ms): counters restart with new keys, this does not. */
  readonly installedAt: number;
}

/** A reply stored for an accepted counter. */
export interface StoredReply {
  readonly fingerprint: Uint8Array;
  readonly tpdus: readonly Uint8Array[];
}

/**
 * One device held for one command packet: no other holder of the same device, in this process or
 * another on the same database, runs until this one's work has settled and its writes are durable.
 */
export interface DeviceLease {
  readonly device: Device;
  /** The reply sent for `counter`, if still kept. */
  reply(counter: number): Promise<StoredReply | undefined>;
  /** Stores a new window state (after a refusal: violations and freeze). */
  saveWindow(window: WindowState): Promise<void>;
  /**
   * Records an accepted packet: the window, the downlink counter used by the reply, and the reply
   * itself; replies whose counter left the window are dropped.
   */
  recordAccepted(
    window: WindowState,
    downlinkCounter: number,
    counter: number,
    reply: StoredReply,
  ): Promise<void>;
}

/** Devices, stored replies and plain-SMS permissions, whichever database holds them. */
export interface DeviceRecords {
  /** Adds or replaces a device (an operator installing or re-keying an adaptor). */
  put(d: Device): Promise<void>;
  get(msisdn: string): Promise<Device | undefined>;
  /** Runs `work` holding the device (undefined when none is registered); see DeviceLease. */
  withDevice<T>(msisdn: string, work: (lease: DeviceLease | undefined) => Promise<T>): Promise<T>;
  /** Operator action: unfreezes a device and resets its violation count; false when unknown. */
  clearFreeze(msisdn: string): Promise<boolean>;
  /** Allows or forbids plain (unsecured) payment SMS from a member's number. */
  setPlainSmsAllowed(msisdn: string, allowed: boolean): Promise<void>;
  /** True when the member's record allows plain payment SMS. */
  plainSmsAllowed(msisdn: string): Promise<boolean>;
}

/** The device tables in portable SQL (SQLite and PostgreSQL both accept it). */
export const DEVICE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS gateway_devices (
    msisdn TEXT PRIMARY KEY,
    server_tar TEXT NOT NULL,
    reply_tar TEXT NOT NULL,
    kic INTEGER NOT NULL,
    kid INTEGER NOT NULL,
    kic_key TEXT NOT NULL,
    kid_key TEXT NOT NULL,
    mode TEXT NOT NULL,
    window_state TEXT NOT NULL,
    downlink_counter BIGINT NOT NULL,
    installed_at BIGINT NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS gateway_replies (
    msisdn TEXT NOT NULL,
    counter BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    tpdus TEXT NOT NULL,
    PRIMARY KEY (msisdn, counter)
  )`,
  `CREATE TABLE IF NOT EXISTS gateway_plain_sms (
    msisdn TEXT PRIMARY KEY,
    allowed INTEGER NOT NULL
  )`,
];

const DEVICE_COLUMNS =
  'msisdn, server_tar, reply_tar, kic, kid, kic_key, kid_key, mode, window_state, ' +
  'downlink_counter, installed_at';

/** Statements shared by both stores, with `?` placeholders. */
export const DEVICE_SQL = {
  put:
    `INSERT INTO gateway_devices (${DEVICE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ` +
    'ON CONFLICT (msisdn) DO UPDATE SET server_tar = excluded.server_tar, ' +
    'reply_tar = excluded.reply_tar, kic = excluded.kic, kid = excluded.kid, ' +
    'kic_key = excluded.kic_key, kid_key = excluded.kid_key, mode = excluded.mode, ' +
    'window_state = excluded.window_state, downlink_counter = excluded.downlink_counter, ' +
    'installed_at = excluded.installed_at',
  get: `SELECT ${DEVICE_COLUMNS} FROM gateway_devices WHERE msisdn = ?`,
  saveWindow: 'UPDATE gateway_devices SET window_state = ? WHERE msisdn = ?',
  saveAccepted:
    'UPDATE gateway_devices SET window_state = ?, downlink_counter = ? WHERE msisdn = ?',
  putReply:
    'INSERT INTO gateway_replies (msisdn, counter, fingerprint, tpdus) VALUES (?, ?, ?, ?) ' +
    'ON CONFLICT (msisdn, counter) DO UPDATE SET fingerprint = excluded.fingerprint, ' +
    'tpdus = excluded.tpdus',
  dropReplies: 'DELETE FROM gateway_replies WHERE msisdn = ? AND counter < ?',
  reply: 'SELECT fingerprint, tpdus FROM gateway_replies WHERE msisdn = ? AND counter = ?',
  setPlain:
    'INSERT INTO gateway_plain_sms (msisdn, allowed) VALUES (?, ?) ' +
    'ON CONFLICT (msisdn) DO UPDATE SET allowed = excluded.allowed',
  plain: 'SELECT allowed FROM gateway_plain_sms WHERE msisdn = ?',
} as const;

/** A row of the device tables (64-bit integers as bigint from SQLite, as strings from PostgreSQL). */
export type DeviceRow = Record<string, unknown>;

interface StoredWindow {
  initial: number;
  highest: number;
  accepted: { counter: number; fingerprint: string }[];
  violations: number;
  frozen: boolean;
}

/** A window state as the text of `window_state` (fingerprints in hex). */
export function windowToText(w: WindowState): string {
  const accepted = w.accepted.map((e) => ({
    counter: e.counter,
    fingerprint: toHex(e.fingerprint),
  }));
  return JSON.stringify({ ...w, accepted });
}

function windowFromText(text: string): WindowState {
  const w = JSON.parse(text) as StoredWindow;
  const accepted = w.accepted.map((e) => ({
    counter: e.counter,
    fingerprint: fromHex(e.fingerprint),
  }));
  return { ...w, accepted };
}

/** The parameters of DEVICE_SQL.put for `d`. */
export function deviceParams(d: Device): unknown[] {
  return [
    d.msisdn,
    toHex(d.serverTar),
    toHex(d.replyTar),
    encodeKeyIdentifier(d.kic),
    encodeKeyIdentifier(d.kid),
    toHex(d.kicKey),
    toHex(d.kidKey),
    d.mode,
    windowToText(d.window),
    d.downlinkCounter,
    d.installedAt,
  ];
}

/** A device from its row. */
export function deviceFromRow(r: DeviceRow): Device {
  return {
    msisdn: String(r['msisdn']),
    serverTar: fromHex(String(r['server_tar'])),
    replyTar: fromHex(String(r['reply_tar'])),
    kic: decodeKic(Number(r['kic'])),
    kid: decodeKid(Number(r['kid'])),
    kicKey: fromHex(String(r['kic_key'])),
    kidKey: fromHex(String(r['kid_key'])),
    mode: String(r['mode']) as CounterPolicyMode,
    window: windowFromText(String(r['window_state'])),
    downlinkCounter: Number(r['downlink_counter']),
    installedAt: Number(r['installed_at']),
  };
}

/** A stored reply from its row. */
export function replyFromRow(r: DeviceRow): StoredReply {
  const tpdus = (JSON.parse(String(r['tpdus'])) as string[]).map(fromHex);
  return { fingerprint: fromHex(String(r['fingerprint'])), tpdus };
}

/** The parameters of DEVICE_SQL.putReply. */
export function replyParams(msisdn: string, counter: number, reply: StoredReply): unknown[] {
  return [msisdn, counter, toHex(reply.fingerprint), JSON.stringify(reply.tpdus.map(toHex))];
}

/** The lowest counter whose reply is still kept once `window` is stored. */
export function replyFloor(window: WindowState): number {
  return Math.min(window.highest, ...window.accepted.map((e) => e.counter));
}
