// JSON-RPC over WebSocket on an ephemeral 127.0.0.1 port, with an in-memory database.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { parseConfig } from '../../../server/config/config.ts';
import { startPaymentServer, type RunningServer } from '../../../server/index.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { TEST_ENV } from '../support/payment-harness.ts';
import { RpcClient } from '../support/rpc-client.ts';

const OPERATOR = 'operator-token-0000000001';
const GATEWAY = 'gateway-token-00000000001';
const DEVICE = 'device-token-000000000001';
const A = '+14088675309';
const B = '+14154443214';

let server: RunningServer | undefined;
const clients: RpcClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.close();
  server = undefined;
});

async function start(extra: Record<string, unknown> = {}) {
  const config = parseConfig(
    {
      banks: ['ci', 'ba'],
      tokens: { operator: [OPERATOR], gateway: [GATEWAY], device: [DEVICE] },
      allowedOrigins: ['https://wallet.example'],
      ...extra,
    },
    TEST_ENV,
  );
  const clock = new FakeClock();
  server = await startPaymentServer({
    config,
    db: 'sqlite::memory:',
    host: '127.0.0.1',
    port: 0,
    clock,
    expiryIntervalMs: 20,
  });
  return { url: `ws://127.0.0.1:${server.port}/rpc`, clock };
}

async function connect(url: string, token: string | null, headers: Record<string, string> = {}) {
  const c = await RpcClient.connect(url, token, headers);
  clients.push(c);
  return c;
}

async function members(url: string) {
  const op = await connect(url, OPERATOR);
  await op.ok('member.register', { msisdn: A, pin: '1111', bank: 'ci' });
  await op.ok('member.register', { msisdn: B, pin: '2222', bank: 'ba' });
  await op.ok('funds.load', { msisdn: A, amount: '100.00', reference: 'cash-1' });
  return op;
}

describe('upgrade authentication', () => {
  it('refuses a missing or unknown token, a foreign Origin and another path', async () => {
    const { url } = await start();
    await expect(RpcClient.connect(url, null)).rejects.toThrow('HTTP 401');
    await expect(RpcClient.connect(url, 'not-a-known-token-xxxxx')).rejects.toThrow('HTTP 401');
    await expect(
      RpcClient.connect(url, DEVICE, { origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    await expect(RpcClient.connect(url.replace('/rpc', '/other'), DEVICE)).rejects.toThrow(
      'HTTP 404',
    );
    const ok = await connect(url, DEVICE, { origin: 'https://wallet.example' });
    expect(ok.ws.readyState).toBe(ok.ws.OPEN);
  });
});

describe('start-up', () => {
  it('refuses a port in use and a database URL it cannot open, listening nowhere', async () => {
    await start();
    const config = parseConfig({}, TEST_ENV);
    const port = server?.port ?? 0;
    const same = { config, db: 'sqlite::memory:', host: '127.0.0.1', port };
    await expect(startPaymentServer(same)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(startPaymentServer({ ...same, port: 0, db: 'mysql://x' })).rejects.toThrow(
      /sqlite:FILE/,
    );
  });
});

describe('connection limits', () => {
  it('refuses upgrades beyond maxConnections with HTTP 503', async () => {
    const { url } = await start({ rpc: { maxConnections: 2 } });
    await connect(url, DEVICE);
    const second = await connect(url, DEVICE);
    await expect(RpcClient.connect(url, DEVICE)).rejects.toThrow('HTTP 503');
    await second.close();
    let third: RpcClient | undefined;
    for (let i = 0; i < 50 && !third; i += 1)
      third = await connect(url, DEVICE).catch(() => undefined);
    expect(third?.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('drops a peer that stops answering pings', async () => {
    const { url } = await start({ rpc: { pingIntervalMs: 20 } });
    const mute = new WebSocket(url, {
      headers: { authorization: `Bearer ${DEVICE}` },
      autoPong: false,
    });
    const code = await new Promise<number>((resolve) => mute.once('close', (c) => resolve(c)));
    expect(code).toBe(1006);
    const polite = await connect(url, DEVICE);
    expect((await polite.call('no.such.method', {})).error?.code).toBe(-32601);
  });
});

describe('JSON-RPC methods', () => {
  it('registers, loads, pays, and reports balance, history and settlement', async () => {
    const { url } = await start();
    const op = await members(url);
    const device = await connect(url, DEVICE);
    const paid = await device.ok('payment.send', {
      msisdn: A,
      pin: '1111',
      to: B,
      amount: '20.55',
      reference: 'r1',
    });
    expect(paid).toMatchObject({ status: 'completed', amount: '20.55', fee: '0.05' });
    expect(await device.ok('account.balance', { msisdn: B, pin: '2222' })).toMatchObject({
      available: '20.55',
    });
    const history = await device.ok('account.history', { msisdn: A, pin: '1111', limit: 5 });
    expect((history['transactions'] as unknown[]).length).toBe(3);
    const report = await op.ok('settlement.run', { reference: 'day-1' });
    expect(report['balanced']).toBe(true);
  });

  it('pushes balance.updated with a growing version only after the commit', async () => {
    const { url } = await start();
    await members(url);
    const watcher = await connect(url, DEVICE);
    const first = await watcher.ok('balance.subscribe', { msisdn: B, pin: '2222' });
    expect(first['available']).toBe('0.00');
    const payer = await connect(url, DEVICE);
    await payer.ok('payment.send', { msisdn: A, pin: '1111', to: B, amount: '5', reference: 'r1' });
    const update = await watcher.notification((n) => n.method === 'balance.updated');
    expect(update.params).toMatchObject({ msisdn: B, available: '5.00' });
    expect(BigInt(update.params['version'] as string)).toBeGreaterThan(
      BigInt(first['version'] as string),
    );
    const notice = await watcher.notification((n) => n.method === 'payment.notice');
    expect(notice.params).toMatchObject({
      kind: 'payment.received',
      to: B,
      counterparty: A,
      amount: '5.00',
    });
    await payer.ok('payment.send', { msisdn: A, pin: '1111', to: B, amount: '1', reference: 'r2' });
    const second = await watcher.notification(
      (n) => n.method === 'balance.updated' && n.params['available'] === '6.00',
    );
    expect(BigInt(second.params['version'] as string)).toBeGreaterThan(
      BigInt(update.params['version'] as string),
    );
  });

  it('returns an expired held payment and pushes the payer balance', async () => {
    const { url, clock } = await start();
    await members(url);
    const c = await connect(url, DEVICE);
    await c.ok('balance.subscribe', { msisdn: A, pin: '1111' });
    const held = await c.ok('payment.send', {
      msisdn: A,
      pin: '1111',
      to: '+16508622730',
      amount: '15',
      reference: 'v',
    });
    expect(held['status']).toBe('held');
    clock.advance(30 * 86_400_000);
    const back = await c.notification(
      (n) => n.method === 'balance.updated' && n.params['available'] === '100.00',
    );
    expect(back.params['pendingOut']).toBe('0.00');
    const notice = await c.notification(
      (n) => n.method === 'payment.notice' && n.params['kind'] === 'payment.expired',
    );
    expect(notice.params['paymentId']).toBe(held['paymentId']);
  });

  it('answers bad input with JSON-RPC errors and keeps the connection', async () => {
    const { url } = await start();
    await members(url);
    const c = await connect(url, DEVICE);
    expect((await c.sendRaw('{not json', null)).error?.code).toBe(-32700);
    expect((await c.sendRaw('{"jsonrpc":"1.0","id":7,"method":"x"}', 7)).error?.code).toBe(-32600);
    expect((await c.call('no.such.method', {})).error?.code).toBe(-32601);
    expect((await c.call('account.balance', { msisdn: A })).error?.code).toBe(-32602);
    expect((await c.call('account.balance', { msisdn: A, pin: 1111 })).error?.code).toBe(-32602);
    expect(
      (await c.call('account.balance', { msisdn: A, pin: '1111', extra: 1 })).error?.code,
    ).toBe(-32602);
    const float = await c.call('payment.send', {
      msisdn: A,
      pin: '1111',
      to: B,
      amount: 20.55,
      reference: 'f',
    });
    expect(float.error?.code).toBe(-32602);
    const refused = await c.call('payment.send', {
      msisdn: A,
      pin: '1111',
      to: B,
      amount: '500.01',
      reference: 'g',
    });
    expect(refused.error).toMatchObject({ code: -32000, data: { code: 'LIMIT_PER_TRANSACTION' } });
    expect(
      (await c.call('funds.load', { msisdn: A, amount: '1', reference: 'x' })).error?.code,
    ).toBe(-32001);
    expect((await c.call('settlement.run', { reference: 'x' })).error?.code).toBe(-32001);
    const batch = await c.sendRaw(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b1', method: 'account.balance', params: { msisdn: A, pin: '1111' } },
        { jsonrpc: '2.0', method: 'account.balance', params: { msisdn: A, pin: '1111' } },
        { jsonrpc: '2.0', id: 'b2', method: 'nope' },
      ]),
      'batch',
    );
    expect((batch as unknown as { id: string }[]).map((r) => r.id)).toEqual(['b1', 'b2']);
    expect(await c.ok('account.balance', { msisdn: A, pin: '1111' })).toMatchObject({
      available: '100.00',
    });
  });

  it('updates settings and lists, and lets only operators unlock', async () => {
    const { url } = await start();
    const op = await members(url);
    const c = await connect(url, DEVICE);
    const settings = await c.ok('member.update', {
      msisdn: B,
      pin: '2222',
      acceptMode: 'manual',
      perHourLimit: 5,
    });
    expect(settings).toMatchObject({ acceptMode: 'manual', limits: { perHour: 5 } });
    const bad = await c.call('member.list', {
      msisdn: B,
      pin: '2222',
      action: 'drop',
      kind: 'block',
      pattern: '*',
    });
    expect(bad.error?.code).toBe(-32602);
    const listed = await c.ok('member.list', {
      msisdn: B,
      pin: '2222',
      action: 'add',
      kind: 'allow',
      pattern: '+1408*',
    });
    expect(listed['allow']).toEqual(['+1408*']);
    expect((await c.call('member.unlock', { msisdn: B })).error?.code).toBe(-32001);
    expect((await op.ok('member.unlock', { msisdn: B }))['status']).toBe('active');
  });

  it('limits the message rate per connection', async () => {
    const { url, clock } = await start({ rpc: { ratePerSecond: 1, burst: 3 } });
    const c = await connect(url, DEVICE);
    const codes: (number | undefined)[] = [];
    for (let i = 0; i < 5; i += 1) codes.push((await c.call('no.such.method', {})).error?.code);
    expect(codes).toEqual([-32601, -32601, -32601, -32002, -32002]);
    clock.advance(1000);
    expect((await c.call('no.such.method', {})).error?.code).toBe(-32601);
  });

  it('closes the connection on a message over maxPayload, and the server lives on', async () => {
    const { url } = await start({ rpc: { maxPayload: 1024 } });
    const c = await connect(url, DEVICE);
    const closed = new Promise<number>((resolve) => c.ws.once('close', (code) => resolve(code)));
    c.ws.send('x'.repeat(2048));
    expect(await closed).toBe(1009);
    const again = await connect(url, DEVICE);
    expect((await again.call('no.such.method', {})).error?.code).toBe(-32601);
  });
});
