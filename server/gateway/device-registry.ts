// The SMS gateway's tables in the server database: adaptor devices (MSISDN, TARs, ETSI TS 102 225
// KIc/KID keys and algorithms, counter-window state, violations, freeze), the replies sent for
// accepted counters (so a retransmission gets the same bytes), and the plain-SMS permission.
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import {
  decodeKic,
  decodeKid,
  encodeKeyIdentifier,
  type Kic,
  type Kid,
} from '../../protocol/ota/key-identifier.ts';
import { clearFreeze, type WindowState } from '../../protocol/ota/counter-check.ts';
import type { SqliteDb } from '../ledger/sqlite-db.ts';

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

const SCHEMA = [
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

type Row = Record<string, unknown>;

interface StoredWindow {
  initial: number;
  highest: number;
  accepted: { counter: number; fingerprint: string }[];
  violations: number;
  frozen: boolean;
}

function windowToText(w: WindowState): string {
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

function deviceFromRow(r: Row): Device {
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

/** Devices, stored replies and plain-SMS permissions in the server's SQLite database. */
export class DeviceRegistry {
  constructor(readonly db: SqliteDb) {
    for (const statement of SCHEMA) db.exec(statement);
  }

  /** Adds or replaces a device (an operator installing or re-keying an adaptor). */
  put(d: Device): void {
    this.db
      .prepare(
        'INSERT OR REPLACE INTO gateway_devices (msisdn, server_tar, reply_tar, kic, kid, kic_key, ' +
          'kid_key, mode, window_state, downlink_counter, installed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
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
      );
  }

  get(msisdn: string): Device | undefined {
    const row = this.db.prepare('SELECT * FROM gateway_devices WHERE msisdn = ?').get(msisdn) as
      Row | undefined;
    return row ? deviceFromRow(row) : undefined;
  }

  /** Stores a new window state (after a refusal: violations and freeze). */
  saveWindow(msisdn: string, window: WindowState): void {
    this.db
      .prepare('UPDATE gateway_devices SET window_state = ? WHERE msisdn = ?')
      .run(windowToText(window), msisdn);
  }

  /**
   * Records an accepted packet in one transaction: the window, the downlink counter used by the
   * reply, and the reply itself; replies whose counter left the window are dropped.
   */
  recordAccepted(
    msisdn: string,
    window: WindowState,
    downlinkCounter: number,
    counter: number,
    reply: StoredReply,
  ): void {
    const floor = Math.min(window.highest, ...window.accepted.map((e) => e.counter));
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE gateway_devices SET window_state = ?, downlink_counter = ? WHERE msisdn = ?',
        )
        .run(windowToText(window), downlinkCounter, msisdn);
      this.db
        .prepare(
          'INSERT OR REPLACE INTO gateway_replies (msisdn, counter, fingerprint, tpdus) VALUES (?, ?, ?, ?)',
        )
        .run(msisdn, counter, toHex(reply.fingerprint), JSON.stringify(reply.tpdus.map(toHex)));
      this.db
        .prepare('DELETE FROM gateway_replies WHERE msisdn = ? AND counter < ?')
        .run(msisdn, floor);
    })();
  }

  /** The reply sent for `counter`, if still kept. */
  reply(msisdn: string, counter: number): StoredReply | undefined {
    const row = this.db
      .prepare('SELECT fingerprint, tpdus FROM gateway_replies WHERE msisdn = ? AND counter = ?')
      .get(msisdn, counter) as Row | undefined;
    if (!row) return undefined;
    const tpdus = (JSON.parse(String(row['tpdus'])) as string[]).map(fromHex);
    return { fingerprint: fromHex(String(row['fingerprint'])), tpdus };
  }

  /** Operator action: unfreezes a device and resets its violation count. */
  clearFreeze(msisdn: string): boolean {
    const device = this.get(msisdn);
    if (!device) return false;
    this.saveWindow(msisdn, clearFreeze(device.window));
    return true;
  }

  /** Allows or forbids plain (unsecured) payment SMS from a member's number. */
  setPlainSmsAllowed(msisdn: string, allowed: boolean): void {
    this.db
      .prepare('INSERT OR REPLACE INTO gateway_plain_sms (msisdn, allowed) VALUES (?, ?)')
      .run(msisdn, allowed ? 1 : 0);
  }

  /** True when the member's record allows plain payment SMS. */
  plainSmsAllowed(msisdn: string): boolean {
    const row = this.db
      .prepare('SELECT allowed FROM gateway_plain_sms WHERE msisdn = ?')
      .get(msisdn) as Row | undefined;
    return row !== undefined && Number(row['allowed']) === 1;
  }
}
