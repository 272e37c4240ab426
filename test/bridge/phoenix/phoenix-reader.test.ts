// A Phoenix reader driver over a socat pseudo-terminal pair, with the virtual SIM's byte-level T=0
// card (ISO/IEC 7816-3 §8, §10.3) on the far end echoing every byte as the single I/O wire does.
// A pty carries no modem lines, so the test's ResetLine tells the in-process peer directly (a
// side channel standing in for RST); the data line carries only what a real line would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import { createVirtualSim, virtualSimLink } from '../../../firmware-sim/virtual-sim/index.ts';
import { byteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { loadProfile } from '../../../bridge/profile-store/profile-store.ts';
import { openSerialLine, phoenixCardLink, type SerialLine } from '../../../bridge/phoenix/index.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';

const profilePath = new URL('../../../fixtures/sim-profiles/test-sim.json', import.meta.url)
  .pathname;

interface Peer {
  /** What the card end does with bytes from the reader; default: echo, then the card's answer. */
  respond: (bytes: Uint8Array) => Uint8Array;
  reset(): Promise<void>;
}

let dir: string;
let socat: ChildProcess;
let readerLine: SerialLine;
let cardLine: SerialLine;

async function ptyPair(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'simpay-phoenix-'));
  const ends = [join(dir, 'reader'), join(dir, 'card')];
  socat = spawn(
    'socat',
    ends.map((e) => `pty,raw,echo=0,link=${e}`),
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !ends.every((e) => existsSync(e)); i++) {
    await new Promise((r) => setTimeout(r, 20));
  }
  readerLine = await openSerialLine(ends[0]!);
  cardLine = await openSerialLine(ends[1]!);
}

async function cardPeer(): Promise<Peer> {
  const card = byteLevelCard(createVirtualSim(await loadProfile(profilePath)));
  const peer: Peer = {
    respond: (bytes) => Uint8Array.from([...bytes, ...card.receive(bytes)]),
    reset: () => cardLine.write(card.reset()),
  };
  cardLine.onData((bytes) => {
    const out = peer.respond(bytes);
    if (out.length > 0) void cardLine.write(out).catch(() => undefined);
  });
  return peer;
}

const commands: readonly CommandApdu[] = [
  commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00')),
  commandApdu(0x00, 0xc0, 0x00, 0x00, new Uint8Array(0), 0x22),
  commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('2fe2')),
  commandApdu(0x00, 0xb0, 0x00, 0x00, new Uint8Array(0), 10),
  commandApdu(0x00, 0x20, 0x00, 0x01, fromHex('39393939ffffffff')),
  commandApdu(0x00, 0x20, 0x00, 0x01, fromHex('31323334ffffffff')),
  commandApdu(0xa0, 0xa4, 0x00, 0x00, fromHex('7f20')),
];

async function run(link: CardLink): Promise<string[]> {
  const out = [toHex(await link.reset())];
  for (const apdu of commands) {
    const r = await link.transmit(apdu);
    out.push(`${toHex(r.data)} ${r.sw.toString(16)}`);
  }
  return out;
}

describe('Phoenix reader over a pty', () => {
  beforeEach(ptyPair);
  afterEach(async () => {
    await readerLine?.close();
    await cardLine?.close();
    socat?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the ATR and gives the same answers as the card in-process', async () => {
    const peer = await cardPeer();
    const link = phoenixCardLink(readerLine, { reset: { pulse: () => peer.reset() } });
    const viaSerial = await run(link);
    expect(viaSerial).toEqual(
      await run(virtualSimLink(createVirtualSim(await loadProfile(profilePath)))),
    );
    expect(viaSerial[5]).toMatch(/ 63c2$/);
  });

  it('follows 61xx with GET RESPONSE when asked to', async () => {
    const peer = await cardPeer();
    const link = phoenixCardLink(readerLine, {
      reset: { pulse: () => peer.reset() },
      followUp: true,
    });
    await link.reset();
    const r = await link.transmit(commands[0]!);
    expect(r.sw).toBe(0x9000);
    expect(r.data.length).toBeGreaterThan(0);
  });

  it('reports a wrong echo as SERIAL_ECHO_MISMATCH', async () => {
    const peer = await cardPeer();
    const link = phoenixCardLink(readerLine, { reset: { pulse: () => peer.reset() } });
    await link.reset();
    peer.respond = (bytes) => bytes.map((b) => b ^ 0x01);
    const error = await link.transmit(commands[0]!).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('SERIAL_ECHO_MISMATCH');
  });

  it('reports a silent card as SERIAL_TIMEOUT within the work waiting time', async () => {
    const peer = await cardPeer();
    const link = phoenixCardLink(readerLine, {
      reset: { pulse: () => peer.reset() },
      marginMs: 50,
    });
    await link.reset();
    peer.respond = (bytes) => bytes;
    const started = performance.now();
    const error = await link.transmit(commands[0]!).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('SERIAL_TIMEOUT');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('reports the serial line closing mid-command as SERIAL_CLOSED', async () => {
    const peer = await cardPeer();
    const link = phoenixCardLink(readerLine, {
      reset: { pulse: () => peer.reset() },
      marginMs: 5000,
    });
    await link.reset();
    peer.respond = () => new Uint8Array(0);
    const pending = link.transmit(commands[0]!).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await readerLine.close();
    const error = await pending;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('SERIAL_CLOSED');
    expect(((await link.reset().catch((e: unknown) => e)) as TransportError).code).toBe(
      'SERIAL_CLOSED',
    );
  });

  it('reports no ATR as SERIAL_TIMEOUT', async () => {
    const link = phoenixCardLink(readerLine, {
      reset: { pulse: async () => undefined },
      atrTimeoutMs: 200,
    });
    const error = await link.reset().catch((e: unknown) => e);
    expect((error as TransportError).code).toBe('SERIAL_TIMEOUT');
  });
});
