// Two `simpay server` processes on one PostgreSQL database: a payer's hourly limit (SOURCE-NOTES
// U-06) holds for payments sent over JSON-RPC through both at once; the refused ones carry the
// limit's code, and the books stay balanced.
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

const PAYER = '+14088675309';
const PAYEE = '+14154443214';
const PER_HOUR = 5;
const CONFIG =
  'banks: [ci]\nfees: []\n' +
  `limits: { perTransaction: "1000", daily: "100000", perHour: ${PER_HOUR} }\n` +
  'rpc: { ratePerSecond: 100000, burst: 100000 }\n';

let cluster: TestPostgres | null = null;
let dir = '';
const processes: ServerProcess[] = [];
const clients: RpcClient[] = [];

async function connect(server: ServerProcess, token: string): Promise<RpcClient> {
  const client = await RpcClient.connect(server.url, token);
  clients.push(client);
  return client;
}

/** Sums of all posted and pending balances in the shared ledger, read straight from PostgreSQL. */
async function ledgerTotals(c: TestPostgres) {
  const client = new pg.Client({ host: c.host, port: c.port, user: c.user, database: 'postgres' });
  await client.connect();
  try {
    const sql =
      'SELECT SUM(credits_posted - debits_posted)::text AS posted, ' +
      'SUM(credits_pending - debits_pending)::text AS pending FROM ledger_accounts';
    return (await client.query(sql)).rows[0] as { posted: string; pending: string };
  } finally {
    await client.end();
  }
}

describe.skipIf(!postgresAvailable())('sending limits across two server processes', () => {
  beforeAll(async () => {
    cluster = await startTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'simpay-limits-'));
    writeFileSync(join(dir, 'c.yaml'), CONFIG);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const p of processes) p.child.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets exactly the hourly number of payments through over JSON-RPC to both', async () => {
    if (!cluster) throw new Error('no test cluster');
    const url = `postgres://${cluster.user}@${cluster.host}:${cluster.port}/postgres`;
    const args = ['--db', url, '--config', join(dir, 'c.yaml')];
    const [first, second] = await Promise.all([startServerProcess(args), startServerProcess(args)]);
    processes.push(first!, second!);
    const operator = await connect(first!, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
    await operator.ok('member.register', { msisdn: PAYER, pin: '1111' });
    await operator.ok('member.register', { msisdn: PAYEE, pin: '2222' });
    await operator.ok('funds.load', { msisdn: PAYER, amount: '50.00', reference: 'cash' });
    const devices = [
      await connect(first!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN),
      await connect(second!, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN),
    ];
    const replies = await Promise.all(
      Array.from({ length: 2 * PER_HOUR }, (_u, i) =>
        devices[i % 2]!.call('payment.send', {
          msisdn: PAYER,
          pin: '1111',
          to: PAYEE,
          amount: '1.00',
          reference: `r${i}`,
        }),
      ),
    );
    const outcomes = replies.map((r) => r.result?.['status'] ?? r.error?.data?.code);
    expect(outcomes.filter((o) => o === 'completed')).toHaveLength(PER_HOUR);
    expect(outcomes.filter((o) => o === 'LIMIT_VELOCITY')).toHaveLength(PER_HOUR);
    const balance = await devices[1]!.ok('account.balance', { msisdn: PAYER, pin: '1111' });
    expect(balance['available']).toBe('45.00');
    expect(await ledgerTotals(cluster)).toEqual({ posted: '0', pending: '0' });
  });
});
