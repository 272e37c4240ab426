// The virtual card's TCP client against a stand-in for vpcd (vpcd.c listens, the card
// connects): retry until vpcd listens, answer GET ATR and APDUs, reconnect after a drop.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { encodeVpcdFrame, VpcdFrameReader } from '../../../bridge/vpcd/vpcd-framing.ts';
import { startVpcdClient, type VpcdClient } from '../../../bridge/vpcd/vpcd-client.ts';
import type { VirtualCard } from '../../../bridge/vpcd/vicc-session.ts';

const card: VirtualCard = {
  reset: () => fromHex('3b021450'),
  handleApdu: (apdu) => ({ data: Uint8Array.of(apdu.ins), sw: 0x9000 }),
};

/** A vpcd stand-in: hands each accepted socket to the test. */
function fakeVpcd(
  port = 0,
): Promise<{ server: Server; port: number; next: () => Promise<Socket> }> {
  const waiting: ((s: Socket) => void)[] = [];
  const queued: Socket[] = [];
  const server = createServer((s) => {
    const w = waiting.shift();
    if (w) w(s);
    else queued.push(s);
  });
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        server,
        port: typeof address === 'object' && address ? address.port : 0,
        next: () => {
          const s = queued.shift();
          return s ? Promise.resolve(s) : new Promise((r) => waiting.push(r));
        },
      });
    }),
  );
}

/** Sends one frame and resolves to the next reply frame's payload (hex). */
function ask(socket: Socket, payload: string): Promise<string> {
  const reader = new VpcdFrameReader();
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      const [m] = reader.push(new Uint8Array(chunk));
      if (m === undefined) return;
      socket.off('data', onData);
      resolve(m.kind === 'apdu' ? toHex(m.bytes) : m.control);
    };
    socket.on('data', onData);
    socket.write(encodeVpcdFrame(fromHex(payload)));
  });
}

const closeServer = (s: Server) => new Promise((r) => s.close(r));

describe('vpcd client', () => {
  let client: VpcdClient | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await client?.stop();
    if (server) await closeServer(server);
  });

  it('answers GET ATR and APDUs in order, and nothing for power and reset', async () => {
    const vpcd = await fakeVpcd();
    server = vpcd.server;
    client = startVpcdClient({ card, port: vpcd.port });
    const socket = await vpcd.next();
    await client.waitConnected(2000);
    expect(await ask(socket, '04')).toBe('3b021450');
    socket.write(encodeVpcdFrame(fromHex('01')));
    socket.write(encodeVpcdFrame(fromHex('02')));
    expect(await ask(socket, '00a40004023f00')).toBe('a49000');
    expect(client.session?.counters).toMatchObject({ powerOn: 1, resets: 1, apdus: 1 });
  });

  it('retries until vpcd listens, and reconnects when vpcd drops the card', async () => {
    const probe = await fakeVpcd();
    const port = probe.port;
    await closeServer(probe.server);
    const events: string[] = [];
    client = startVpcdClient({
      card,
      port,
      initialRetryMs: 20,
      maxRetryMs: 50,
      onEvent: (e) => events.push(e.kind),
    });
    const vpcd = await fakeVpcd(port);
    server = vpcd.server;
    const first = await vpcd.next();
    expect(events).toContain('retry');
    first.destroy();
    const second = await vpcd.next();
    expect(await ask(second, '04')).toBe('3b021450');
    expect(events).toContain('disconnected');
  });

  it('drops a connection that sends an invalid control byte, then reconnects', async () => {
    const vpcd = await fakeVpcd();
    server = vpcd.server;
    const events: string[] = [];
    client = startVpcdClient({
      card,
      port: vpcd.port,
      initialRetryMs: 20,
      onEvent: (e) => events.push(e.kind),
    });
    const first = await vpcd.next();
    first.write(encodeVpcdFrame(fromHex('03')));
    const second = await vpcd.next();
    expect(events).toContain('protocol-error');
    expect(await ask(second, '04')).toBe('3b021450');
  });

  it('stops retrying once stopped, and waitConnected gives up after its deadline', async () => {
    const probe = await fakeVpcd();
    await closeServer(probe.server);
    client = startVpcdClient({ card, port: probe.port, initialRetryMs: 10 });
    await expect(client.waitConnected(50)).rejects.toThrow(/not reached/);
    await expect(client.waitConnected(50)).rejects.toMatchObject({ code: 'VPCD_UNREACHABLE' });
    await client.stop();
    expect(client.connected).toBe(false);
  });
});
