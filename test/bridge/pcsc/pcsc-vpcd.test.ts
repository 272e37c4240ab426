// End to end through the real stack: PcscCardLink <-> pcscd <-> vpcd <-> the virtual SIM, checked
// with pcsc-tools (pcsc_scan, scriptor) and against the same card in-process; faults: card removed
// while a command is in flight, pcscd killed and restarted.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSwappedBcd, fromHex, toHex, toSpacedHex } from '../../../protocol/bytes/index.ts';
import { commandApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import { createVirtualSim, virtualSimLink } from '../../../firmware-sim/virtual-sim/index.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { loadProfile } from '../../../bridge/profile-store/profile-store.ts';
import {
  createPcscCardLink,
  PcscContext,
  TransportError,
  type PcscEvent,
} from '../../../bridge/pcsc/index.ts';
import { startVpcdClient, type VpcdClient } from '../../../bridge/vpcd/vpcd-client.ts';
import type { VirtualCard } from '../../../bridge/vpcd/vicc-session.ts';
import type { Profile } from '../../../firmware-sim/virtual-sim/profile.ts';
import { runPcscBench } from '../../../bench/pcsc.ts';
import { pcscdSkipReason, startPcscd, waitForCard, type Pcscd } from '../../support/pcscd.ts';

const skip = pcscdSkipReason();
const READER = 'Virtual PCD 00 00';
const profilePath = new URL('../../../fixtures/sim-profiles/test-sim.json', import.meta.url)
  .pathname;
/** An instruction the test card never answers, to hold a command in flight. */
const INS_HANG = 0xee;

/** Runs a tool with a hard time limit (pcsc_scan loops forever otherwise). */
function runTool(cmd: string, args: string[], input: string, seconds: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('timeout', ['-s', 'KILL', String(seconds), cmd, ...args]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(input);
    child.on('exit', () => resolve(out));
  });
}

const commands: readonly CommandApdu[] = [
  commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00')),
  commandApdu(0x00, 0xc0, 0x00, 0x00, new Uint8Array(0), 0x22),
  commandApdu(0x00, 0xa4, 0x00, 0x0c, fromHex('2fe2')),
  commandApdu(0x00, 0xb0, 0x00, 0x00, new Uint8Array(0), 10),
  commandApdu(0x00, 0x20, 0x00, 0x01, fromHex('39393939ffffffff')),
  commandApdu(0x00, 0x20, 0x00, 0x01, fromHex('31323334ffffffff')),
  commandApdu(0xa0, 0xa4, 0x00, 0x00, fromHex('7f20')),
  commandApdu(0x00, 0xb0, 0x00, 0x00, new Uint8Array(0), 256),
];

async function run(link: CardLink, list: readonly CommandApdu[]): Promise<string[]> {
  const out = [toHex(await link.reset())];
  for (const apdu of list) {
    const r = await link.transmit(apdu);
    out.push(`${toHex(r.data)} ${r.sw.toString(16)}`);
  }
  return out;
}

/**
 * Resets `link` and checks the first command is answered. The previous test swapped the card, and
 * under load pcscd may still be powering the new one up when the link connects (SCardTransmit then
 * fails with SCARD_E_NOT_TRANSACTED), so a not-transacted exchange is tried again, three times.
 */
async function answeringAfterReset(link: CardLink): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await link.reset();
    try {
      expect((await link.transmit(commands[0]!)).sw >> 8).toBe(0x61);
      return;
    } catch (error) {
      const notTransacted = error instanceof TransportError && error.code === 'PCSC_NOT_TRANSACTED';
      if (!notTransacted || attempt === 3) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

describe.skipIf(skip !== undefined)(
  `PC/SC through pcscd and vpcd${skip ? ` (${skip})` : ''}`,
  () => {
    let pcscd: Pcscd;
    let client: VpcdClient;
    let profile: Profile;

    const startCard = (card: VirtualCard): VpcdClient =>
      startVpcdClient({ card, initialRetryMs: 50, maxRetryMs: 300 });

    beforeAll(async () => {
      profile = await loadProfile(profilePath);
      pcscd = await startPcscd();
      client = startCard(createVirtualSim(profile));
      await client.waitConnected(5000);
    }, 250_000);

    afterAll(async () => {
      await client?.stop();
      await pcscd?.stop();
    });

    it('pcsc_scan shows the virtual card and its ATR', async () => {
      const out = await runTool('pcsc_scan', [], '', 3);
      expect(out).toContain(READER);
      expect(out).toContain(toSpacedHex(createVirtualSim(profile).reset()));
    });

    it('scriptor selects EF_ICCID and reads the profile ICCID', async () => {
      const script = '00a40004023f00\n00a40004022fe2\n00b000000a\n';
      const out = await runTool('scriptor', ['-r', READER], script, 10);
      expect(out).toContain('< 61');
      expect(out).toContain(
        `< ${toSpacedHex(encodeSwappedBcd(profile.iccid))} 90 00`.toLowerCase(),
      );
    });

    it('gives the same bytes through PC/SC as in-process for SELECT, READ BINARY and VERIFY', async () => {
      const link = createPcscCardLink({ reader: READER });
      try {
        const viaPcsc = await run(link, commands);
        const inProcess = await run(virtualSimLink(createVirtualSim(profile)), commands);
        expect(viaPcsc).toEqual(inProcess);
        expect(viaPcsc[5]).toMatch(/ 63c2$/);
      } finally {
        await link.close();
      }
    });

    it('follows 61xx with GET RESPONSE when asked to', async () => {
      const link = createPcscCardLink({ reader: READER, followUp: true });
      try {
        await link.reset();
        const r = await link.transmit(commands[0]!);
        expect(r.sw).toBe(0x9000);
        expect(link.lastExchanges.map((e) => e.sw >> 8)).toEqual([0x61, 0x90]);
      } finally {
        await link.close();
      }
    });

    it('reports a card removed while a command is in flight, then works with the card back', async () => {
      await client.stop();
      const sim = createVirtualSim(profile);
      const hanging: VirtualCard = {
        reset: () => sim.reset(),
        handleApdu: (apdu) =>
          apdu.ins === INS_HANG ? new Promise(() => undefined) : sim.handleApdu(apdu),
      };
      client = startCard(hanging);
      await client.waitConnected(5000);
      const link = createPcscCardLink({ reader: READER, timeoutMs: 4000 });
      try {
        await link.reset();
        const inFlight = link.transmit(commandApdu(0x00, INS_HANG, 0, 0));
        const outcome = inFlight.then(
          () => 'answered',
          (e: unknown) => e,
        );
        await new Promise((r) => setTimeout(r, 300));
        await client.stop();
        const error = await outcome;
        expect(error).toBeInstanceOf(TransportError);
        expect(['PCSC_NOT_TRANSACTED', 'PCSC_CARD_REMOVED', 'PCSC_TIMEOUT']).toContain(
          (error as TransportError).code,
        );
        await waitForCard(READER, false);
        client = startCard(createVirtualSim(profile));
        await client.waitConnected(5000);
        expect(toHex(await link.reset())).toBe(toHex(sim.reset()));
        expect((await link.transmit(commands[0]!)).sw >> 8).toBe(0x61);
      } finally {
        await link.close();
      }
    });

    it('times the same APDU mix through pcscd + vpcd (slot 1) and in-process', async () => {
      let out = '';
      const io = {
        stdout: (t: string) => void (out += t),
        stderr: () => undefined,
        readStdin: () => Promise.resolve(new Uint8Array(0)),
        signal: new AbortController().signal,
      };
      expect(await runPcscBench(['--rounds', '2', '--slot', '1', '--json'], io)).toBe(0);
      const report = JSON.parse(out) as {
        mix: number;
        pcsc: { apdus: number; perSecond: number };
        inProcess: { perSecond: number };
        note?: string;
      };
      expect(report.pcsc.apdus).toBe(2 * report.mix);
      expect(report.inProcess.perSecond).toBeGreaterThan(report.pcsc.perSecond);
      expect(report.note === undefined).toBe(report.pcsc.perSecond >= 50);
    }, 30_000);

    it('reports card removal and insertion as events', async () => {
      const context = await PcscContext.open();
      const events: PcscEvent[] = [];
      context.on((e) => events.push(e));
      try {
        await context.settledReaders(2000);
        expect(context.readers().map((r) => r.name)).toEqual([READER, 'Virtual PCD 00 01']);
        await client.stop();
        await context.waitFor(
          () => (events.some((e) => e.kind === 'card-removed') ? context.readers()[0] : undefined),
          5000,
          'PCSC_NO_CARD',
          'removal',
        );
        client = startCard(createVirtualSim(profile));
        const inserted = await context.waitFor(
          (all) => all.find((r) => r.name === READER && r.present),
          5000,
          'PCSC_NO_CARD',
          'insertion',
        );
        expect(toHex(inserted.atr!)).toBe(toHex(createVirtualSim(profile).reset()));
        const kinds = events.filter((e) => 'reader' in e && e.reader === READER).map((e) => e.kind);
        expect(kinds.indexOf('card-removed')).toBeLessThan(kinds.lastIndexOf('card-inserted'));
      } finally {
        await context.close();
      }
    });

    it('reports pcscd killed, and works again once pcscd restarts and the card reconnects', async () => {
      const link = createPcscCardLink({ reader: READER, timeoutMs: 4000 });
      try {
        await answeringAfterReset(link);
        const watcher = await PcscContext.open();
        const lost = new Promise<PcscEvent>((resolve) =>
          watcher.on((e) => (e.kind === 'service-lost' ? resolve(e) : undefined)),
        );
        await pcscd.kill();
        const loss = await lost;
        expect(loss.kind === 'service-lost' && loss.error).toBeInstanceOf(TransportError);
        expect(loss.kind === 'service-lost' && loss.error.code).toMatch(/^PCSC_/);
        await watcher.close();
        const error = await link.transmit(commands[0]!).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TransportError);
        const lostCodes = [
          'PCSC_NO_SERVICE',
          'PCSC_UNAVAILABLE',
          'PCSC_CLOSED',
          'PCSC_NOT_TRANSACTED',
        ];
        expect(lostCodes, (error as TransportError).message).toContain(
          (error as TransportError).code,
        );
        await pcscd.restart();
        await client.waitConnected(8000);
        await link.reset();
        expect((await link.transmit(commands[0]!)).sw >> 8).toBe(0x61);
      } finally {
        await link.close();
      }
    });
  },
);
