// The SMS gateway's device records (device-records.ts) in the server's SQLite database, its only
// writer being this process: statements run at once, so a device is held for a packet by the
// gateway's per-sender mutex, and the accepted packet's window and reply commit in one transaction.
import { clearFreeze, type WindowState } from '../../protocol/ota/counter-check.ts';
import type { SqliteDb } from '../ledger/sqlite-db.ts';
import {
  DEVICE_SCHEMA,
  DEVICE_SQL,
  deviceFromRow,
  deviceParams,
  replyFloor,
  replyFromRow,
  replyParams,
  windowToText,
  type Device,
  type DeviceLease,
  type DeviceRecords,
  type DeviceRow,
  type StoredReply,
} from './device-records.ts';

/** The device registered for `msisdn` in a SQLite server database, read at once. */
export function readDevice(db: SqliteDb, msisdn: string): Device | undefined {
  const row = db.prepare(DEVICE_SQL.get).get(msisdn) as DeviceRow | undefined;
  return row ? deviceFromRow(row) : undefined;
}

/** Devices, stored replies and plain-SMS permissions in the server's SQLite database. */
export class DeviceRegistry implements DeviceRecords {
  constructor(readonly db: SqliteDb) {
    for (const statement of DEVICE_SCHEMA) db.exec(statement);
  }

  async put(d: Device): Promise<void> {
    this.db.prepare(DEVICE_SQL.put).run(...deviceParams(d));
  }

  async get(msisdn: string): Promise<Device | undefined> {
    return readDevice(this.db, msisdn);
  }

  async withDevice<T>(
    msisdn: string,
    work: (lease: DeviceLease | undefined) => Promise<T>,
  ): Promise<T> {
    const device = readDevice(this.db, msisdn);
    return work(device === undefined ? undefined : this.lease(device));
  }

  private lease(device: Device): DeviceLease {
    const { msisdn } = device;
    return {
      device,
      reply: async (counter) => this.reply(msisdn, counter),
      saveWindow: async (window) => this.saveWindow(msisdn, window),
      recordAccepted: async (window, downlink, counter, reply) =>
        this.recordAccepted(msisdn, window, downlink, counter, reply),
    };
  }

  private reply(msisdn: string, counter: number): StoredReply | undefined {
    const row = this.db.prepare(DEVICE_SQL.reply).get(msisdn, counter) as DeviceRow | undefined;
    return row ? replyFromRow(row) : undefined;
  }

  private saveWindow(msisdn: string, window: WindowState): void {
    this.db.prepare(DEVICE_SQL.saveWindow).run(windowToText(window), msisdn);
  }

  private recordAccepted(
    msisdn: string,
    window: WindowState,
    downlinkCounter: number,
    counter: number,
    reply: StoredReply,
  ): void {
    this.db.transaction(() => {
      this.db.prepare(DEVICE_SQL.saveAccepted).run(windowToText(window), downlinkCounter, msisdn);
      this.db.prepare(DEVICE_SQL.putReply).run(...replyParams(msisdn, counter, reply));
      this.db.prepare(DEVICE_SQL.dropReplies).run(msisdn, replyFloor(window));
    })();
  }

  async clearFreeze(msisdn: string): Promise<boolean> {
    const device = readDevice(this.db, msisdn);
    if (!device) return false;
    this.saveWindow(msisdn, clearFreeze(device.window));
    return true;
  }

  async setPlainSmsAllowed(msisdn: string, allowed: boolean): Promise<void> {
    this.db.prepare(DEVICE_SQL.setPlain).run(msisdn, allowed ? 1 : 0);
  }

  async plainSmsAllowed(msisdn: string): Promise<boolean> {
    const row = this.db.prepare(DEVICE_SQL.plain).get(msisdn) as DeviceRow | undefined;
    return row !== undefined && Number(row['allowed']) === 1;
  }
}
