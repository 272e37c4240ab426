// `simpay handset --reader` through the real stack (PcscCardLink <-> pcscd <-> vsmartcard vpcd <->
// the virtual SIM on the vpcd card side): one-line errors, a secured payment through the adaptor
// whose SIM-side APDUs and SMS-SUBMIT are byte-identical to the same run in-process, a plain SMS
// without the adaptor with its pcap trace, and the adaptor and handset through a card pulled
// mid-command, a card swapped faster than pcscd polls and a pcscd killed, then working again.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countingCarrier,
  menuRequest,
  menuUser,
  openHandsetAdaptor,
  selectFromMenu,
  type HandsetAdaptor,
} from '../../cli/handset-adaptor.ts';
import {
  followCard,
  openReaderLink,
  pickReader,
  readerStatePath,
  type CardFollower,
} from '../../cli/handset-reader.ts';
import type { PcscReaderState } from '../../bridge/pcsc/pcsc-context.ts';
import type { CardLink } from '../../firmware-sim/card-link.ts';
import { CardChannel } from '../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import type { HandsetEmitted } from '../../firmware-sim/handset/handset-machine.ts';
import { memoryCarrier, memoryVoice } from '../../firmware-sim/handset/ports.ts';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import { unwrapCommandPacket } from '../../protocol/ota/index.ts';
import { decodeGsm7Septets } from '../../protocol/sms/gsm7-alphabet.ts';
import { decodeSmsSubmit } from '../../protocol/sms/sms-submit.ts';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { pcscdSkipReason } from '../support/pcscd.ts';
import { runCli } from '../support/run-cli.ts';
import { VPCD_READER as READER, vpcdReader } from '../support/vpcd-reader.ts';

const skip = pcscdSkipReason();
const fixture = (name: string): string =>
  new URL(`../../fixtures/${name}`, import.meta.url).pathname;
const SIM_PIN = '1234';
const PAYMENT = 'PAY 20 4085551212 lunch';
const PAYMENT_PIN = '8642';
/** STATUS (TS 102 221 §11.1.2), which the idle handset polls. */
const INS_STATUS = 0xf2;
/** How long the handset may take to see a card fault: PcscCardLink's deadline and one poll. */
const FAULT_WITHIN_MS = 5000;

const adaptorFixture = JSON.parse(await readFile(fixture('adaptor/test-adaptor.json'), 'utf8')) as {
  keys: { kic: string; kid: string };
};

/** The counter and text of a secured SMS-SUBMIT, opened with the test adaptor's keys. */
function openSubmit(tpdu: Uint8Array): { counter: number; text: string } {
  const keys = { kic: fromHex(adaptorFixture.keys.kic), kid: fromHex(adaptorFixture.keys.kid) };
  const body = decodeSmsSubmit(tpdu).userData.body;
  const opened = unwrapCommandPacket(
    body,
    () => ({ keys, counter: 0 }),
    new NodeBlockCipherEngine(),
  );
  if (opened.status !== 'ok') throw new Error(`the server refused the packet: ${opened.status}`);
  return { counter: opened.counter, text: decodeGsm7Septets(opened.data) };
}

/** Handset + adaptor in front of `sim`, polling STATUS every `statusInterval` ms. */
interface Rig {
  readonly handset: HandsetClient;
  readonly adaptor: HandsetAdaptor;
  readonly sent: () => Uint8Array[];
  readonly faults: Extract<HandsetEmitted, { type: 'card.fault' }>[];
  /** Every state the adaptor went through. */
  readonly adaptorStates: string[];
  stop(): void;
}

async function rig(sim: CardLink, statePath: string, statusInterval?: number): Promise<Rig> {
  const adaptor = await openHandsetAdaptor(sim, { statePath });
  const memory = memoryCarrier();
  const request = menuRequest(PAYMENT, PAYMENT_PIN)!;
  const user = menuUser(SIM_PIN, [...request.answers, ...request.answers]);
  const channel = new CardChannel(adaptor.link);
  const carrier = countingCarrier(memory, adaptor.settings.serverNumber);
  const ports = { channel, carrier, voice: memoryVoice(), user };
  const handset = new HandsetClient({
    ports,
    ...(statusInterval === undefined ? {} : { statusInterval }),
  });
  const faults: Rig['faults'] = [];
  handset.on('card.fault', (e) => faults.push(e));
  const adaptorStates: string[] = [];
  adaptor.adaptor.actor.subscribe((snapshot) => adaptorStates.push(String(snapshot.value)));
  handset.start();
  return {
    handset,
    adaptor,
    faults,
    adaptorStates,
    sent: () => memory.sent.map((s) => s.tpdu),
    stop() {
      handset.stop();
      adaptor.stop();
    },
  };
}

/** Resolves once `accept` holds for the handset, or rejects after `ms`. */
function until(handset: HandsetClient, accept: () => boolean, ms: number, what: string) {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.unsubscribe();
      const { value, context } = handset.actor.getSnapshot();
      const state = `${JSON.stringify(value)} ${context.faultReason}`;
      reject(new Error(`${what}: not within ${ms} ms (handset ${state})`));
    }, ms);
    const subscription = handset.actor.subscribe(() => {
      if (!accept()) return;
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    });
    if (accept()) {
      clearTimeout(timer);
      subscription.unsubscribe();
      resolve();
    }
  });
}

const ready = (h: HandsetClient) => () => h.actor.getSnapshot().matches({ ready: 'idle' });
const inFault = (h: HandsetClient) => () => h.actor.getSnapshot().matches('fault');

describe('choosing the reader', () => {
  const state = (name: string): PcscReaderState => ({
    name,
    known: true,
    present: false,
    mute: false,
    inUse: false,
    exclusive: false,
  });
  const readers = ['Virtual PCD 00 00', 'Virtual PCD 00 01', 'ACS ACR38U 00 00'].map(state);

  it('takes the exact name, else the one reader whose name contains the text', () => {
    expect(pickReader(readers, 'Virtual PCD 00 01')?.name).toBe('Virtual PCD 00 01');
    expect(pickReader(readers, 'acr38')?.name).toBe('ACS ACR38U 00 00');
    expect(pickReader(readers, 'Gemalto')).toBeUndefined();
    expect(() => pickReader(readers, 'Virtual')).toThrow(
      "--reader 'Virtual' matches several readers ('Virtual PCD 00 00', 'Virtual PCD 00 01'): give the full name",
    );
  });

  it('keeps the adaptor state of a reader in a file named after it', () => {
    expect(readerStatePath('Virtual PCD 00 00')).toBe('virtual-pcd-00-00.adaptor.json');
    expect(readerStatePath('Gemalto PC Twin Reader (1F2E3D4C) 00 00')).toBe(
      'gemalto-pc-twin-reader-1f2e3d4c-00-00.adaptor.json',
    );
    expect(readerStatePath('***')).toBe('reader.adaptor.json');
  });
});

describe.skipIf(skip !== undefined)(
  `simpay handset --reader through pcscd and vpcd${skip ? ` (${skip})` : ''}`,
  () => {
    const reader = vpcdReader();
    const { insert, pull, freshCard } = reader;
    let dir: string;

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'simpay-handset-reader-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const cliArgs = (reader: string) => [
      'handset',
      '--reader',
      reader,
      '--send',
      PAYMENT,
      '--pin',
      PAYMENT_PIN,
      '--sim-pin',
      SIM_PIN,
    ];

    it('says in one line that pcscd is not running, the reader is unknown, or holds no card', async () => {
      await reader.pcscd.kill();
      const down = await runCli(cliArgs(READER));
      await reader.pcscd.restart();
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/^simpay handset: PC\/SC unavailable: start pcscd .*\n$/);
      const unknown = await runCli(cliArgs('Nope'));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe(
        "simpay handset: no PC/SC reader named 'Nope' (readers present: 'Virtual PCD 00 00', 'Virtual PCD 00 01')\n",
      );
      const empty = await runCli(cliArgs('PCD 00 01'));
      expect(empty.code).toBe(1);
      expect(empty.stderr).toBe("simpay handset: no card in the reader 'Virtual PCD 00 01'\n");
    });

    it('pays through the adaptor with the SIM-side APDUs and the SMS of the in-process run', async () => {
      const viaPcsc = freshCard();
      await insert(viaPcsc);
      const state = join(dir, 'pcsc.adaptor.json');
      const run = await runCli([...cliArgs(READER), '--adaptor-state', state]);
      expect(run.stderr).toContain('PAY sent through the adaptor as a secured SMS');
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      const printed = lines.map((line) => JSON.parse(line) as { event: string; tpdu: string });
      expect(printed.map((p) => p.event)).toEqual(['sms.submit']);

      const inProcess = freshCard();
      const local = await rig(inProcess.link, join(dir, 'local.adaptor.json'));
      try {
        expect(await local.handset.settled()).toBe('READY');
        await selectFromMenu(local.handset, menuRequest(PAYMENT, PAYMENT_PIN)!);
      } finally {
        local.stop();
      }
      expect(viaPcsc.log.length).toBeGreaterThan(10);
      expect(viaPcsc.log).toEqual(inProcess.log);
      expect(local.sent().map(toHex)).toEqual([printed[0]!.tpdu]);
      expect(openSubmit(fromHex(printed[0]!.tpdu))).toEqual({
        counter: 1,
        text: `${PAYMENT}\nPIN ${PAYMENT_PIN}`,
      });
    }, 60_000);

    it('sends a plain SMS without the adaptor, traced to a pcap as with a profile', async () => {
      await insert(freshCard());
      const pcap = join(dir, 'plain.pcap');
      const run = await runCli([
        'handset',
        '--reader',
        READER,
        '--send',
        'BAL',
        '--to',
        '+4085550100',
        '--sim-pin',
        SIM_PIN,
        '--no-adaptor',
        '--pcap',
        pcap,
      ]);
      expect(run.stderr).toContain('sent to +4085550100');
      expect(run.code).toBe(0);
      const sms = JSON.parse(run.stdout.trimEnd().split('\n')[0]!) as {
        event: string;
        decoded: { destination: { value: string }; userData: { text: string } };
      };
      expect([sms.event, sms.decoded.destination.value, sms.decoded.userData.text]).toEqual([
        'sms.submit',
        '+4085550100',
        'BAL',
      ]);
      expect((await stat(pcap)).size).toBeGreaterThan(24 + 20 * 16);
    }, 30_000);

    /** Handset + adaptor on the card in the reader, following insertions as the CLI does. */
    async function onReader(): Promise<{
      rig: Rig;
      follower: CardFollower;
      close(): Promise<void>;
    }> {
      const { link, reader } = await openReaderLink(READER, 4000);
      const r = await rig(link, join(dir, 'reader.adaptor.json'), 200);
      const follower = followCard(reader, r.handset, r.adaptor.adaptor, () => undefined);
      await until(r.handset, ready(r.handset), 10_000, 'start-up');
      return {
        rig: r,
        follower,
        async close() {
          await follower.stop();
          r.stop();
          await link.close();
        },
      };
    }

    async function payAgain(r: Rig, follower: CardFollower): Promise<void> {
      await until(r.handset, ready(r.handset), 15_000, 'power-on after re-insertion');
      expect(follower.restarts).toBeGreaterThanOrEqual(1);
      expect(follower.restarts).toBeLessThanOrEqual(2);
      await selectFromMenu(r.handset, menuRequest(PAYMENT, PAYMENT_PIN)!);
      expect(r.sent().map((t) => openSubmit(t).counter)).toEqual([1]);
    }

    it('sees a card pulled mid-command as a removal within 5 s, and pays once it is back', async () => {
      const card = freshCard();
      await insert(card);
      const { rig: r, follower, close } = await onReader();
      try {
        card.hangIns = INS_STATUS;
        await card.hanging(INS_STATUS);
        const pulled = performance.now();
        await pull();
        await until(r.handset, inFault(r.handset), FAULT_WITHIN_MS, 'fault after removal');
        expect(performance.now() - pulled).toBeLessThan(FAULT_WITHIN_MS);
        expect(r.faults[0]!.fault).toBe('removed');
        expect(r.faults[0]!.reason).toMatch(/^ADAPTOR_SIM_REMOVED: /);
        expect(r.adaptorStates).toContain('simRemoved');
        await insert(freshCard());
        await payAgain(r, follower);
      } finally {
        await close();
      }
    }, 60_000);

    it('powers the handset on again after a card swapped faster than pcscd polls', async () => {
      await insert(freshCard());
      const { rig: r, follower, close } = await onReader();
      try {
        await reader.swap(freshCard());
        await until(r.handset, () => r.faults.length > 0, FAULT_WITHIN_MS, 'fault after swap');
        await payAgain(r, follower);
      } finally {
        await close();
      }
    }, 60_000);

    it('sees pcscd killed as a removal within 5 s, and pays once pcscd is back', async () => {
      await insert(freshCard());
      const { rig: r, follower, close } = await onReader();
      try {
        const killed = performance.now();
        await reader.pcscd.kill();
        await until(r.handset, inFault(r.handset), FAULT_WITHIN_MS, 'fault after pcscd died');
        expect(performance.now() - killed).toBeLessThan(FAULT_WITHIN_MS);
        expect(r.faults[0]!.fault).toBe('removed');
        expect(r.adaptorStates).toContain('simRemoved');
        await reader.pcscd.restart();
        await reader.reconnected();
        await payAgain(r, follower);
      } finally {
        await close();
      }
    }, 60_000);
  },
);
