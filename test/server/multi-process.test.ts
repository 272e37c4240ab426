// Two `simpay server` processes on one PostgreSQL database: members registered and loaded through
// one, payments made through the other, `balance.updated` and notices pushed to a subscriber on the
// first for payments committed by the second, money conserved under payments through both at once,
// reservations and requests answered on the other process;
// listening again after the listening connection is lost, and a database URL that cannot be used
// stops the server with one line naming it.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL } from '../../server/payments/pg-events.ts';
import { fleetOnPostgres } from '../support/server-fleet.ts';
import type { RpcClient } from './support/rpc-client.ts';
import { postgresAvailable, type TestPostgres } from './support/postgres.ts';
import { PROCESS_TOKENS, startServerProcess } from './support/server-process.ts';

const A = '+14088675309';
const B = '+14154443214';
const C = '+16508622730';
const ROUNDS = 20;

const CONFIG =
  'banks: [ci, ba]\nfees: [{ from: "0", fixed: "0.10" }]\nlimits: { perTransaction: "1000", daily: "100000", perHour: 100000 }\n' +
  'rpc: { ratePerSecond: 100000, burst: 100000 }\n';

/** Sum of all posted and pending balances in the shared ledger, read straight from PostgreSQL. */
async function ledgerTotals(c: TestPostgres) {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, database: 'postgres' });
  await client.connect();
  try {
    const row = (
      await client.query(
        'SELECT SUM(credits_posted - debits_posted)::text AS posted, ' +
          'SUM(credits_pending - debits_pending)::text AS pending, COUNT(*)::int AS accounts ' +
          'FROM ledger_accounts',
      )
    ).rows[0] as { posted: string; pending: string; accounts: number };
    return row;
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable())('several server processes on one PostgreSQL ledger', () => {
  const { fleet, cluster, start } = fleetOnPostgres(CONFIG);

  it('pushes balance updates to a subscriber on one process for payments made on the other', async () => {
    const [first, second] = await start(2);
    const operator = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    for (const [msisdn, pin] of [
      [A, '1111'],
      [B, '2222'],
      [C, '3333'],
    ])
      await operator.ok('member.register', { msisdn, pin });
    await operator.ok('funds.load', { msisdn: A, amount: '100.00', reference: 'cash-a' });
    await operator.ok('funds.load', { msisdn: B, amount: '50.00', reference: 'cash-b' });

    const watcher = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    await watcher.ok('balance.subscribe', { msisdn: B, pin: '2222' });
    const payer = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const paid = await payer.ok('payment.send', {
      msisdn: A,
      pin: '1111',
      to: B,
      amount: '20.00',
      reference: 'across',
    });
    expect(paid).toMatchObject({ status: 'completed', payee: B });

    const update = await watcher.notification(
      (n) => n.method === 'balance.updated' && n.params['available'] === '70.00',
    );
    expect(update.params).toMatchObject({ msisdn: B, available: '70.00', posted: '70.00' });
    expect(BigInt(String(update.params['version']))).toBeGreaterThan(0n);
    const notice = await watcher.notification((n) => n.method === 'payment.notice');
    expect(notice.params).toMatchObject({ kind: 'payment.received', to: B, counterparty: A });
  });

  it('keeps the books balanced under payments through both processes at once', async () => {
    const [first, second] = fleet.started;
    const viaFirst = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const viaSecond = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const pay = (client: RpcClient, msisdn: string, pin: string, to: string, i: number) =>
      client.ok('payment.send', { msisdn, pin, to, amount: '1.00', reference: `r${i}` });
    await Promise.all(
      Array.from({ length: ROUNDS }, (_u, i) => [
        pay(viaFirst, A, '1111', C, i),
        pay(viaSecond, B, '2222', C, i),
        pay(viaSecond, A, '1111', B, i + ROUNDS),
      ]).flat(),
    );
    const balance = async (client: RpcClient, msisdn: string, pin: string) =>
      (await client.ok('account.balance', { msisdn, pin }))['available'];
    // A: 100 - 20.10 - 40 x 1.10; B: 50 + 20 + 20 - 20 x 1.10; C: 40 x 1.00.
    expect(await balance(viaSecond, A, '1111')).toBe('35.90');
    expect(await balance(viaFirst, B, '2222')).toBe('68.00');
    expect(await balance(viaSecond, C, '3333')).toBe('40.00');
    const totals = await ledgerTotals(cluster());
    expect(totals).toMatchObject({ posted: '0', pending: '0' });
    const operator = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    expect(await operator.ok('settlement.run', { reference: 'check' })).toMatchObject({
      balanced: true,
    });
  });

  it('accepts on one process a payment reserved, or a request made, on the other', async () => {
    const [first, second] = fleet.started;
    const D = '+12125550147';
    const viaFirst = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const viaSecond = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    await viaFirst.ok('member.register', { msisdn: D, pin: '4444', acceptMode: 'manual' });
    const sent = await viaSecond.ok('payment.send', {
      msisdn: A,
      pin: '1111',
      to: D,
      amount: '5.00',
      reference: 'held-across',
    });
    expect(sent).toMatchObject({ status: 'awaiting_acceptance' });
    const accepted = await viaFirst.ok('payment.accept', {
      msisdn: D,
      pin: '4444',
      paymentId: sent['paymentId'],
    });
    expect(accepted).toMatchObject({ status: 'completed', balance: { available: '5.00' } });
    const asked = await viaFirst.ok('payment.request', {
      msisdn: D,
      pin: '4444',
      from: A,
      amount: '2.00',
      reference: 'ask-across',
    });
    const paid = await viaSecond.ok('payment.accept', {
      msisdn: A,
      pin: '1111',
      paymentId: asked['paymentId'],
    });
    expect(paid).toMatchObject({ status: 'completed', payee: D, amount: '2.00' });
    expect((await viaFirst.ok('account.balance', { msisdn: D, pin: '4444' }))['available']).toBe(
      '7.00',
    );
    expect(await ledgerTotals(cluster())).toMatchObject({ posted: '0', pending: '0' });
  });

  it('listens again after losing the listening connection', async () => {
    const [first, second] = fleet.started;
    const { host, port, user } = cluster();
    const listening = `SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN ${EVENT_CHANNEL}'`;
    const admin = new pg.Client({
      host,
      port,
      user,
      database: 'postgres',
    });
    await admin.connect();
    try {
      const before = (await admin.query(listening)).rows as { pid: number }[];
      expect(before).toHaveLength(2);
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = ANY($1)',
        [before.map((r) => r.pid)],
      );
      let back: { pid: number }[] = [];
      for (let i = 0; i < 100 && back.length < 2; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        back = (await admin.query(listening)).rows as { pid: number }[];
      }
      expect(back.filter((r) => !before.some((b) => b.pid === r.pid))).toHaveLength(2);
    } finally {
      await admin.end();
    }
    const watcher = await fleet.connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    await watcher.ok('balance.subscribe', { msisdn: C, pin: '3333' });
    const payer = await fleet.connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    await payer.ok('payment.send', {
      msisdn: B,
      pin: '2222',
      to: C,
      amount: '2.00',
      reference: 'again',
    });
    const update = await watcher.notification(
      (n) => n.method === 'balance.updated' && n.params['available'] === '42.00',
    );
    expect(update.params).toMatchObject({ msisdn: C });
    expect(first!.output()).toMatch(/event listener lost/);
  });

  it('stops with one line naming a database it cannot reach, or a URL it cannot use', async () => {
    const unreachable = 'postgres://simpay:secret@127.0.0.1:1/postgres';
    await expect(startServerProcess(['--db', unreachable])).rejects.toThrow(
      /server exited \(1\): simpay server: cannot reach the database postgres:\/\/simpay:\*\*\*@127\.0\.0\.1:1\/postgres: [^\n]+\n$/,
    );
    await expect(startServerProcess(['--db', 'mysql://db/ledger'])).rejects.toThrow(
      /server exited \(1\): [^\n]*'mysql:\/\/db\/ledger'\n$/,
    );
  });
});
