// The SMS gateway's device records (device-records.ts) in PostgreSQL, shared by every server process
// on the database. A device is held for a packet by SELECT … FOR UPDATE on its row in a transaction
// that also records the accepted packet's window and reply, so the same packet reaching two
// processes at once runs once: the second waits for the row, then finds the first one's reply.
import { clearFreeze } from '../../protocol/ota/counter-check.ts';
import { numbered, withPgTransaction, type PgClient, type PgPool } from '../ledger/pg-db.ts';
import {
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
} from './device-records.ts';

/** Longest wait for a device another process holds before the packet fails (it is sent again). */
export const DEVICE_LOCK_TIMEOUT = '30s';

type Querier = PgPool | PgClient;

async function rows(on: Querier, sql: string, params: unknown[]): Promise<DeviceRow[]> {
  return (await on.query(numbered(sql), params)).rows as DeviceRow[];
}

function leaseOn(client: PgClient, device: Device): DeviceLease {
  const { msisdn } = device;
  return {
    device,
    async reply(counter) {
      const [row] = await rows(client, DEVICE_SQL.reply, [msisdn, counter]);
      return row ? replyFromRow(row) : undefined;
    },
    async saveWindow(window) {
      await rows(client, DEVICE_SQL.saveWindow, [windowToText(window), msisdn]);
    },
    async recordAccepted(window, downlinkCounter, counter, reply) {
      await rows(client, DEVICE_SQL.saveAccepted, [windowToText(window), downlinkCounter, msisdn]);
      await rows(client, DEVICE_SQL.putReply, replyParams(msisdn, counter, reply));
      await rows(client, DEVICE_SQL.dropReplies, [msisdn, replyFloor(window)]);
    },
  };
}

/**
 * Device records in the server's PostgreSQL database. Devices are held on connections of
 * `lockPool`, apart from `pool`, so that work done while holding them (a payment) always finds a
 * connection of its own.
 */
export class PgDeviceRegistry implements DeviceRecords {
  constructor(
    private readonly pool: PgPool,
    private readonly lockPool: PgPool,
  ) {}

  async put(d: Device): Promise<void> {
    await rows(this.pool, DEVICE_SQL.put, deviceParams(d));
  }

  async get(msisdn: string): Promise<Device | undefined> {
    const [row] = await rows(this.pool, DEVICE_SQL.get, [msisdn]);
    return row ? deviceFromRow(row) : undefined;
  }

  async withDevice<T>(
    msisdn: string,
    work: (lease: DeviceLease | undefined) => Promise<T>,
  ): Promise<T> {
    return withPgTransaction(this.lockPool, async (client) => {
      await client.query(`SET LOCAL lock_timeout = '${DEVICE_LOCK_TIMEOUT}'`);
      const [row] = await rows(client, `${DEVICE_SQL.get} FOR UPDATE`, [msisdn]);
      return work(row ? leaseOn(client, deviceFromRow(row)) : undefined);
    });
  }

  async clearFreeze(msisdn: string): Promise<boolean> {
    return withPgTransaction(this.pool, async (client) => {
      const [row] = await rows(client, `${DEVICE_SQL.get} FOR UPDATE`, [msisdn]);
      if (!row) return false;
      const window = clearFreeze(deviceFromRow(row).window);
      await rows(client, DEVICE_SQL.saveWindow, [windowToText(window), msisdn]);
      return true;
    });
  }

  async setPlainSmsAllowed(msisdn: string, allowed: boolean): Promise<void> {
    await rows(this.pool, DEVICE_SQL.setPlain, [msisdn, allowed ? 1 : 0]);
  }

  async plainSmsAllowed(msisdn: string): Promise<boolean> {
    const [row] = await rows(this.pool, DEVICE_SQL.plain, [msisdn]);
    return row !== undefined && Number(row['allowed']) === 1;
  }
}
