// The adaptor in front of the handset's SIM as the command line builds it: a typed payment read as
// the adaptor's menu answers, two payments in a row through the menu leave as two secured
// SMS-SUBMITs to the server with consecutive counters kept in the state file, and nothing the user
// typed crosses to the server in clear (ASCII or GSM 7-bit packed); the same from `simpay handset`,
// whose pcap shows the SEND SHORT MESSAGE to tshark.
import { spawnSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../bridge/crypto/node-block-cipher.ts';
import { loadProfile } from '../../bridge/profile-store/profile-store.ts';
import {
  countingCarrier,
  defaultStatePath,
  menuRequest,
  menuUser,
  openHandsetAdaptor,
  selectFromMenu,
} from '../../cli/handset-adaptor.ts';
import { CliError, UsageError } from '../../cli/command.ts';
import { CardChannel } from '../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, memoryVoice } from '../../firmware-sim/handset/ports.ts';
import { createVirtualSim, virtualSimLink } from '../../firmware-sim/virtual-sim/index.ts';
import { fromHex } from '../../protocol/bytes/index.ts';
import { unwrapCommandPacket } from '../../protocol/ota/index.ts';
import { encodeGsm7Septets, decodeGsm7Septets } from '../../protocol/sms/gsm7-alphabet.ts';
import { packSeptets } from '../../protocol/sms/septet-packing.ts';
import { decodeSmsSubmit } from '../../protocol/sms/sms-submit.ts';
import { runCli } from '../support/run-cli.ts';

const fixture = (name: string): string =>
  new URL(`../../fixtures/${name}`, import.meta.url).pathname;
const adaptorFixture = JSON.parse(await readFile(fixture('adaptor/test-adaptor.json'), 'utf8')) as {
  serverNumber: string;
  keys: { kic: string; kid: string };
};
const serverKeys = { kic: fromHex(adaptorFixture.keys.kic), kid: fromHex(adaptorFixture.keys.kid) };
const engine = new NodeBlockCipherEngine();
const SIM_PIN = '1234';
const PAYMENT = 'PAY 20 4085551212 lunch';
const PAYMENT_PIN = '8642';

let dir: string;
let profilePath: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simpay-handset-adaptor-'));
  profilePath = join(dir, 'sim.json');
  await copyFile(fixture('sim-profiles/test-sim.json'), profilePath);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One power-on of handset + adaptor + virtual SIM that pays `text` from the menu. */
async function payOnce(text: string): Promise<Uint8Array[]> {
  const sim = createVirtualSim(await loadProfile(profilePath));
  const adaptor = await openHandsetAdaptor(virtualSimLink(sim), { profilePath });
  const request = menuRequest(text, PAYMENT_PIN)!;
  const memory = memoryCarrier();
  const carrier = countingCarrier(memory, adaptor.settings.serverNumber);
  const ports = {
    channel: new CardChannel(adaptor.link),
    carrier,
    voice: memoryVoice(),
    user: menuUser(SIM_PIN, request.answers),
  };
  const handset = new HandsetClient({ ports }).start();
  try {
    expect(await handset.settled()).toBe('READY');
    await selectFromMenu(handset, request);
  } finally {
    handset.stop();
    adaptor.stop();
  }
  expect(carrier.toServer()).toBe(memory.sent.length);
  return memory.sent.map((sms) => sms.tpdu);
}

/** `text` as ASCII and as GSM 7-bit packed at every bit alignment (whole octets only). */
function plainForms(text: string): Uint8Array[] {
  const septets = encodeGsm7Septets(text);
  const packed = [0, 1, 2, 3, 4, 5, 6].map((fill) => packSeptets(septets, fill).slice(1, -1));
  return [new TextEncoder().encode(text), septets, ...packed.filter((p) => p.length >= 2)];
}

function contains(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Opens an SMS-SUBMIT to the server as the server does, with the test adaptor's keys. */
function openSubmit(tpdu: Uint8Array): { counter: number; text: string } {
  const submit = decodeSmsSubmit(tpdu);
  expect(submit.destination.value).toBe(adaptorFixture.serverNumber.replace('+', ''));
  expect(submit.userData.header?.map((ie) => ie.type)).toEqual(['otaCommand']);
  const opened = unwrapCommandPacket(
    submit.userData.body,
    () => ({ keys: serverKeys, counter: 0 }),
    engine,
  );
  if (opened.status !== 'ok') throw new Error(`the server refused the packet: ${opened.status}`);
  return { counter: opened.counter, text: decodeGsm7Septets(opened.data) };
}

/** Checks that no SMS carries the keyword, amount with target, message or PIN in clear. */
function expectNoPlaintext(tpdus: readonly Uint8Array[]): void {
  for (const tpdu of tpdus) {
    for (const secret of ['PAY', 'PAY 20', '4085551212', 'lunch', PAYMENT_PIN]) {
      for (const form of plainForms(secret)) expect(contains(tpdu, form), secret).toBe(false);
    }
  }
}

describe('a typed payment as the adaptor menu asks for it', () => {
  it('maps keyword, amount, target, message and PIN to the questions in order', () => {
    expect(menuRequest('PAY 20 4085551212 lunch with Ann', '8642')).toEqual({
      keyword: 'PAY',
      answers: [
        { kind: 'text', text: '20' },
        { kind: 'text', text: '4085551212' },
        { kind: 'item', position: 2 },
        { kind: 'text', text: 'lunch with Ann' },
        { kind: 'text', text: '8642' },
      ],
    });
    expect(menuRequest('request $5.50 +4085551212', '8642')?.answers).toEqual([
      { kind: 'text', text: '$5.50' },
      { kind: 'text', text: '+4085551212' },
      { kind: 'item', position: 1 },
      { kind: 'text', text: '8642' },
    ]);
    expect(menuRequest('BALANCE', '8642')).toEqual({
      keyword: 'BALANCE',
      answers: [{ kind: 'text', text: '8642' }],
    });
    expect(menuRequest('hello there', undefined)).toBeUndefined();
  });

  it('refuses a payment it cannot enter, in one line', () => {
    expect(() => menuRequest('PAY 20 4085551212', undefined)).toThrow(UsageError);
    expect(() => menuRequest('PAY twenty 4085551212', '8642')).toThrow(/needs an amount/);
    expect(() => menuRequest('PAY 20 lunch', '8642')).toThrow(/needs a phone number/);
    expect(() => menuRequest('HISTORY 3', '8642')).toThrow(/takes nothing after it/);
  });
});

describe('handset through the adaptor built from command line options', () => {
  it('sends two payments as secured SMS with consecutive counters kept next to the profile', async () => {
    const first = await payOnce(PAYMENT);
    const second = await payOnce(PAYMENT);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    const opened = [...first, ...second].map(openSubmit);
    expect(opened.map((o) => o.counter)).toEqual([1, 2]);
    expect(opened[0]!.text).toBe(`${PAYMENT}\nPIN ${PAYMENT_PIN}`);
    expectNoPlaintext([...first, ...second]);
    const state = JSON.parse(await readFile(defaultStatePath(profilePath), 'utf8')) as {
      uplinkCounter: number;
    };
    expect(state.uplinkCounter).toBe(2);
  });

  it('names a damaged state file in one line', async () => {
    const statePath = join(dir, 'state.json');
    await copyFile(profilePath, statePath);
    const sim = virtualSimLink(createVirtualSim(await loadProfile(profilePath)));
    const opening = openHandsetAdaptor(sim, { profilePath, statePath });
    await expect(opening).rejects.toThrow(CliError);
    await expect(opening).rejects.toThrow(/state\.json: applications must be an object$/);
  });
});

const hasTshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;

/** `simpay handset --send TEXT` on the temp profile; the SMS-SUBMIT TPDUs it printed. */
async function sendFromCli(text: string, extra: readonly string[] = []): Promise<Uint8Array[]> {
  const args = ['handset', '--profile', profilePath, '--send', text];
  const run = await runCli([...args, '--pin', PAYMENT_PIN, '--sim-pin', SIM_PIN, ...extra]);
  expect(run.stderr).toContain('PAY sent through the adaptor as a secured SMS');
  expect(run.code).toBe(0);
  const lines = run.stdout.trimEnd().split('\n');
  const submits = lines.map((line) => JSON.parse(line) as { event: string; tpdu: string });
  expect(submits.map((s) => s.event)).toEqual(['sms.submit']);
  return submits.map((s) => fromHex(s.tpdu));
}

describe('simpay handset --send through the adaptor', () => {
  it('prints two secured SMS-SUBMITs with consecutive counters and no plaintext', async () => {
    const pcap = join(dir, 'pay.pcap');
    const tpdus = [
      ...(await sendFromCli(PAYMENT)),
      ...(await sendFromCli(PAYMENT, ['--pcap', pcap])),
    ];
    const opened = tpdus.map(openSubmit);
    expect(opened.map((o) => o.counter)).toEqual([1, 2]);
    expect(opened.map((o) => o.text)).toEqual([1, 2].map(() => `${PAYMENT}\nPIN ${PAYMENT_PIN}`));
    expectNoPlaintext(tpdus);
    const state = await stat(defaultStatePath(profilePath));
    expect(state.mode & 0o777).toBe(0o600);
    if (!hasTshark) return;
    const tshark = spawnSync('tshark', ['-n', '-r', pcap, '-V'], {
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 1 << 24,
    });
    expect(tshark.status, tshark.stderr).toBe(0);
    expect(tshark.stdout).toContain('Command Type: SEND SHORT MESSAGE (0x13)');
    expect(tshark.stdout).toContain('Command Type: GET INPUT (0x23)');
  }, 60_000);

  it('refuses a payment without its PIN and a damaged state file, in one line', async () => {
    const noPin = await runCli(['handset', '--profile', profilePath, '--send', PAYMENT]);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/give --pin PIN: the adaptor asks for it/);
    const statePath = join(dir, 'damaged.json');
    await writeFile(statePath, '{');
    const damaged = await runCli([
      'handset',
      '--profile',
      profilePath,
      '--send',
      PAYMENT,
      '--pin',
      PAYMENT_PIN,
      '--adaptor-state',
      statePath,
    ]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr.trim().split('\n')).toHaveLength(1);
    expect(damaged.stderr).toContain('damaged.json: not valid JSON');
  });
});
