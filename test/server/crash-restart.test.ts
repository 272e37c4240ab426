// Durability end to end: the server is killed with SIGKILL while payments stream in, restarted on
// the same database, and every acknowledged payment is found exactly once; retries of every
// payment (acknowledged or cut off) then move no money twice. A server whose disk refuses its
// redo log stops with status 1 instead of refusing payments forever, and its restart has them all.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/ledger/sqlite-db.ts';
import { ServerFleet } from '../support/server-fleet.ts';
import type { RpcClient } from './support/rpc-client.ts';
import { PROCESS_TOKENS, type ServerProcess } from './support/server-process.ts';

const A = '+14088675309';
const B = '+14154443214';
const fleet = new ServerFleet(
  'banks: [ci]\nlimits: { perTransaction: "1000", daily: "100000", perHour: 100000 }\n' +
    'rpc: { ratePerSecond: 100000, burst: 100000 }\n',
);
const ledgerFile = () => join(fleet.dir, 'ledger.db');

afterEach(() => fleet.close('SIGKILL'));

async function start(fileSizeLimitKiB?: number): Promise<ServerProcess> {
  const options = fileSizeLimitKiB === undefined ? {} : { fileSizeLimitKiB };
  const [p] = await fleet.start(`sqlite:${ledgerFile()}`, 1, options);
  return p!;
}

/** Registers A and B on `server` and loads A with 900.00. */
async function openMembers(server: ServerProcess): Promise<void> {
  const op = await fleet.connect(server, PROCESS_TOKENS.SIMPAY_OPERATOR_TOKEN);
  await op.ok('member.register', { msisdn: A, pin: '1111', bank: 'ci' });
  await op.ok('member.register', { msisdn: B, pin: '2222', bank: 'ci' });
  await op.ok('funds.load', { msisdn: A, amount: '900.00', reference: 'cash-1' });
}

/** Sends each payment again; every answer names the payment its reference first made. */
async function resend(device: RpcClient, references: readonly string[]): Promise<void> {
  for (const reference of references) {
    const r = await device.ok('payment.send', {
      msisdn: A,
      pin: '1111',
      to: B,
      amount: '1.00',
      reference,
    });
    expect(r['paymentId']).toBe(`pay:${A}:${reference}`);
  }
}

/** Sends payments on parallel streams until the connection dies; `onAck` sees each acknowledgement. */
async function streamPayments(
  device: RpcClient,
  streams: number,
  perStream: number,
  sent: string[],
  onAck: (reference: string) => void,
  message?: string,
) {
  await Promise.all(
    Array.from({ length: streams }, async (_unused, s) => {
      for (let i = 0; i < perStream; i += 1) {
        const reference = `s${s}-${i}`;
        sent.push(reference);
        try {
          const r = await device.call('payment.send', {
            msisdn: A,
            pin: '1111',
            to: B,
            amount: '1.00',
            reference,
            ...(message === undefined ? {} : { message }),
          });
          if (r.result?.['status'] !== 'completed') throw new Error(JSON.stringify(r));
          onAck(reference);
        } catch {
          return;
        }
      }
    }),
  );
}

describe('payment server killed with SIGKILL during a load of payments', () => {
  it('keeps every acknowledged payment exactly once after restart', async () => {
    const first = await start();
    await openMembers(first);
    const device = await fleet.connect(first, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const acked: string[] = [];
    const sent: string[] = [];
    await streamPayments(device, 4, 150, sent, (reference) => {
      acked.push(reference);
      if (acked.length === 60) first.child.kill('SIGKILL');
    });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(60);

    const db = openSqlite(ledgerFile());
    const stored = new Set(
      (
        db
          .prepare("SELECT id FROM ledger_transfers WHERE id LIKE 'pay:%' AND result = 'ok'")
          .all() as { id: string }[]
      ).map((r) => r.id),
    );
    db.close();
    for (const reference of acked) expect(stored.has(`pay:${A}:${reference}`)).toBe(true);

    const second = await start();
    const again = await fleet.connect(second, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const before = await again.ok('account.balance', { msisdn: B, pin: '2222' });
    expect(before['posted']).toBe(`${stored.size}.00`);
    await resend(again, sent);
    const after = await again.ok('account.balance', { msisdn: B, pin: '2222' });
    expect(after['posted']).toBe(`${sent.length}.00`);
    const payer = await again.ok('account.balance', { msisdn: A, pin: '1111' });
    const cents = 90_000 - sent.length * 105;
    expect(payer['posted']).toBe(
      `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`,
    );
  });
});

describe('payment server whose disk refuses its redo log', () => {
  it('stops with status 1, and the restart keeps every acknowledged payment', async () => {
    const first = await start(384);
    await openMembers(first);
    const device = await fleet.connect(first, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const acked: string[] = [];
    const sent: string[] = [];
    // Each payment's record carries its 256-character message: the 384 KiB the process may write
    // to one file is reached after about four hundred of them.
    await streamPayments(device, 4, 150, sent, (r) => acked.push(r), 'm'.repeat(256));
    expect(await first.exited).toBe(1);
    expect(first.output()).toMatch(
      /simpay server: stopping: cannot write the redo log of [^\n]*start the server again to replay it\)\n/,
    );
    expect(first.output()).not.toMatch(/\n\s+at /);
    expect(acked.length).toBeGreaterThan(0);
    expect(acked.length).toBeLessThan(sent.length);

    const second = await start();
    const again = await fleet.connect(second, PROCESS_TOKENS.SIMPAY_DEVICE_TOKEN);
    const received = await again.ok('account.balance', { msisdn: B, pin: '2222' });
    const posted = Number(received['posted']);
    expect(posted).toBeGreaterThanOrEqual(acked.length);
    expect(posted).toBeLessThanOrEqual(sent.length);
    await resend(again, acked);
    const after = await again.ok('account.balance', { msisdn: B, pin: '2222' });
    expect(after['posted']).toBe(received['posted']);
  });
});
