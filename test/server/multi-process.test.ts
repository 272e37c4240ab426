// Two `simpay server` processes on one PostgreSQL database: members registered and loaded through
// one, payments made through the other, `balance.updated` and notices pushed to a subscriber on the
// first for payments committed by the second, money conserved under payments through both at once;
// and a database URL that cannot be used stops the server with one line naming it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcClient } from './support/rpc-client.ts';
import { postgresAvailable, startTestPostgres, type TestPostgres } from './support/postgres.ts';
import {
  PROCESS_TOKENS,
  startServerProcess,
  type ServerProcess,
} from './support/server-process.ts';

const A = '+14088675309';
const B = '+14154443214';
const C = '+16508622730';
const ROUNDS = 20;

const CONFIG =
  'banks: [ci, ba]\nfees: [{ from: "0", fixed: "0.10" }]\nlimits: { perTransaction: "1000", daily: "100000", perHour: 100000 }\n' +
  'rpc: { ratePerSecond: 100000, burst: 100000 }\n';

let cluster: TestPostgres | null = null;
let dir = '';
const processes: ServerProcess[] = [];
const clients: RpcClient[] = [];

const databaseUrl = (c: TestPostgres) => `postgres://${c.user}@${c.host}:${c.port}/postgres`;

async function connect(server: ServerProcess, token: string): Promise<RpcClient> {
  const client = await RpcClient.connect(`${server.url}`, token);
  clients.push(client);
  return client;
}

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
  beforeAll(async () => {
    cluster = await startTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'simpay-multi-'));
    writeFileSync(join(dir, 'c.yaml'), CONFIG);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pushes balance updates to a subscriber on one process for payments made on the other', async () => {
    if (!cluster) throw new Error('no test cluster');
    const db = ['--db', databaseUrl(cluster), '--config', join(dir, 'c.yaml')];
    const [first, second] = await Promise.all([startServerProcess(db), startServerProcess(db)]);
    processes.push(first!, second!);
    const operator = await connect(first!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    for (const [msisdn, pin] of [
      [A, '1111'],
      [B, '2222'],
      [C, '3333'],
    ])
      await operator.ok('member.register', { msisdn, pin });
    await operator.ok('funds.load', { msisdn: A, amount: '100.00', reference: 'cash-a' });
    await operator.ok('funds.load', { msisdn: B, amount: '50.00', reference: 'cash-b' });

    const watcher = await connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    await watcher.ok('balance.subscribe', { msisdn: B, pin: '2222' });
    const payer = await connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
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
    if (!cluster) throw new Error('no test cluster');
    const [first, second] = processes;
    const viaFirst = await connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const viaSecond = await connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
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
    const totals = await ledgerTotals(cluster);
    expect(totals).toMatchObject({ posted: '0', pending: '0' });
    const operator = await connect(second!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    expect(await operator.ok('settlement.run', { reference: 'check' })).toMatchObject({
      balanced: true,
    });
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
