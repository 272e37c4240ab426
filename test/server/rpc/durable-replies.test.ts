// No reply leaves the WebSocket server before the writes made until then are durable: frames wait
// behind the durability promise in order, and a connection whose writes cannot be made durable is
// closed rather than told they were done.
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config/config.ts';
import { openServerCore, type ServerCore } from '../../../server/core.ts';
import { MemoryOutbound } from '../../../server/gateway/outbound.ts';
import { RpcServer } from '../../../server/rpc/server.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { TEST_ENV } from '../support/payment-harness.ts';
import { RpcClient } from '../support/rpc-client.ts';

const OPERATOR = 'operator-token-0000000001';
const opened: { core: ServerCore; rpc: RpcServer; client: RpcClient }[] = [];
afterEach(async () => {
  for (const { core, rpc, client } of opened.splice(0)) {
    await client.close();
    await rpc.close();
    await core.close();
  }
});

/** A server whose durability is the promise the test hands out. */
async function gatedServer() {
  const config = parseConfig({ banks: ['ci'], tokens: { operator: [OPERATOR] } }, TEST_ENV);
  const clock = new FakeClock();
  const core = await openServerCore({ config, db: 'sqlite::memory:', clock, outbound: new MemoryOutbound() }); // prettier-ignore
  let gate: { promise: Promise<void>; resolve(): void; reject(e: Error): void } | undefined;
  const hold = () => {
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    gate = { promise, resolve, reject };
    return gate;
  };
  const rpc = new RpcServer({
    service: core.service,
    config,
    clock,
    log: () => undefined,
    durable: () => gate?.promise,
  });
  const port = await rpc.listen(0, '127.0.0.1');
  const client = await RpcClient.connect(`ws://127.0.0.1:${port}/rpc`, OPERATOR);
  opened.push({ core, rpc, client });
  return { client, hold, open: () => (gate = undefined) };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  return done;
};

describe('replies wait for durability', () => {
  it('holds replies until the writes are durable, then sends them in order', async () => {
    const { client, hold } = await gatedServer();
    const gate = hold();
    const first = client.call('member.register', { msisdn: '+14088675309', pin: '1111', bank: 'ci' }); // prettier-ignore
    const second = client.call('member.register', { msisdn: '+14154443214', pin: '2222', bank: 'ci' }); // prettier-ignore
    expect(await settled(first)).toBe(false);
    gate.resolve();
    expect((await first).result).toBeDefined();
    expect((await second).result).toBeDefined();
  });

  it('sends at once when nothing waits', async () => {
    const { client } = await gatedServer();
    const reply = await client.call('member.register', { msisdn: '+14088675309', pin: '1111', bank: 'ci' }); // prettier-ignore
    expect(reply.result).toBeDefined();
  });

  it('closes the connection when the writes cannot be made durable', async () => {
    const { client, hold } = await gatedServer();
    const gate = hold();
    const reply = client.call('member.register', { msisdn: '+14088675309', pin: '1111', bank: 'ci' }); // prettier-ignore
    expect(await settled(reply)).toBe(false);
    gate.reject(new Error('disk gone'));
    expect((await reply).result).toBeUndefined();
  });
});
