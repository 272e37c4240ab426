// `simpay handset`: argument checks, one SMS sent as a JSON line, a start-up traced to pcap and
// decoded by tshark, and the PIN blocked over three runs with the state kept in the saved profile.
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SerialPort } from 'serialport';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile, saveProfile } from '../../bridge/profile-store/profile-store.ts';
import { readSimTraceFile } from '../../bridge/trace/pcap-writer.ts';
import { AtInterpreter } from '../../firmware-sim/handset/at/at-interpreter.ts';
import { CardChannel } from '../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, memoryVoice, scriptedUser } from '../../firmware-sim/handset/ports.ts';
import { createVirtualSim, virtualSimLink } from '../../firmware-sim/virtual-sim/index.ts';
import { toHex } from '../../protocol/bytes/index.ts';
import { runCli } from '../support/run-cli.ts';

const run = promisify(execFile);

interface SubmitLine {
  readonly event: string;
  readonly tpdu: string;
  readonly decoded: { destination: { value: string }; userData: { text: string } };
}
const FIXTURES = new URL('../../fixtures/sim-profiles/', import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simpay-handset-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function profileCopy(name: string): Promise<string> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}-${name}`);
  await copyFile(join(FIXTURES, name), path);
  return path;
}

describe('simpay handset arguments', () => {
  it('prints help starting with the usage line', async () => {
    const { code, stdout } = await runCli(['handset', '--help']);
    expect(code).toBe(0);
    expect(stdout.startsWith('Usage: simpay handset')).toBe(true);
    expect(stdout).toContain('--no-adaptor');
  });

  it.each([
    [[], /give either --profile FILE or --reader NAME/],
    [['--profile', 'x.json', '--reader', 'Virtual'], /either --profile FILE or --reader NAME/],
    [['--reader', 'Virtual', '--send', 'hello'], /give --to NUMBER/],
    [['--reader', 'Virtual', '--send', 'a', '--save'], /--save goes with --profile/],
    [['--reader', 'Virtual', '--at-pty', '/tmp/x', '--byte-level'], /--byte-level goes with/],
    [['--profile', 'x.json'], /either --at-pty PATH or --send TEXT/],
    [['--profile', 'x.json', '--send', 'a', '--at-pty', '/tmp/x'], /either --at-pty/],
    [['--profile', 'x.json', '--send', 'a', '--pin', '12'], /--pin must be 4 to 8 digits/],
  ])('rejects %j', async (args, message) => {
    const { code, stderr } = await runCli(['handset', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  it('names a missing profile in one line', async () => {
    const { code, stderr } = await runCli([
      'handset',
      '--profile',
      join(dir, 'none.json'),
      '--send',
      'x',
    ]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('simpay handset --send', () => {
  it('prints the SMS that leaves the handset as one JSON line', async () => {
    const profile = await profileCopy('sim-2g.json');
    const { code, stdout } = await runCli([
      'handset',
      '--profile',
      profile,
      '--send',
      'BAL',
      '--to',
      '+4085550100',
      '--no-adaptor',
    ]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as SubmitLine);
    const sms = lines.find((l) => l.event === 'sms.submit')!;
    expect(sms.decoded.destination.value).toBe('+4085550100');
    expect(sms.decoded.userData.text).toBe('BAL');
    expect(sms.tpdu).toMatch(/^[0-9a-f]+$/);
  });

  it('reaches the SIM over its byte-level line with --byte-level (ATR, PPS, T=0)', async () => {
    const profile = await profileCopy('test-sim.json');
    const pcap = join(dir, 'byte-level.pcap');
    const args = ['--profile', profile, '--pin', '1234', '--send', 'hi', '--pcap', pcap];
    const { code, stdout } = await runCli(['handset', ...args, '--byte-level', '--no-adaptor']);
    expect(code).toBe(0);
    expect(stdout).toContain('"sms.submit"');
    const trace = await readSimTraceFile(pcap);
    const first = trace.events.find((e) => e.kind === 'apdu')!;
    expect(toHex(first.bytes).slice(0, 14)).toBe('00a40004023f00');
  });

  it('traces a plausible start-up to pcap, PIN masked, that tshark decodes', async () => {
    const profile = await profileCopy('test-sim.json');
    const pcap = join(dir, 'start-up.pcap');
    const { code } = await runCli([
      'handset',
      '--profile',
      profile,
      '--pin',
      '1234',
      '--send',
      'hi',
      '--pcap',
      pcap,
      '--no-adaptor',
    ]);
    expect(code).toBe(0);
    const { stdout } = await run('tshark', ['-r', pcap, '-V'], {
      timeout: 60_000,
      maxBuffer: 1 << 24,
    });
    for (const text of [
      'SELECT',
      'EF.ICCID (0x2fe2)',
      'EF.IMSI (0x6f07)',
      'READ BINARY',
      'VERIFY CHV',
      'TERMINAL PROFILE',
      'MO Short Message control',
    ]) {
      expect(stdout).toContain(text);
    }
    const trace = await readSimTraceFile(pcap);
    const isVerify = (e: { kind: string; bytes: Uint8Array }) =>
      e.kind === 'apdu' && e.bytes[1] === 0x20 && e.bytes[4] === 8;
    const verify = trace.events.find(isVerify)!;
    expect(toHex(verify.bytes)).toBe('00200001082a2a2a2a2a2a2a2a9000');
    const secrets = join(dir, 'secrets.pcap');
    await runCli([
      'handset',
      '--profile',
      profile,
      '--pin',
      '1234',
      '--send',
      'hi',
      '--pcap',
      secrets,
      '--trace-secrets',
      '--no-adaptor',
    ]);
    const clear = (await readSimTraceFile(secrets)).events.find(isVerify)!;
    expect(toHex(clear.bytes)).toContain('31323334ffffffff');
  }, 60_000);
});

describe('PIN state across restarts', () => {
  it('blocks the PIN after three wrong ones, keeps it blocked, and the PUK unblocks it', async () => {
    const profile = await profileCopy('test-sim.json');
    const send = (pin: string) =>
      runCli([
        'handset',
        '--profile',
        profile,
        '--pin',
        pin,
        '--send',
        'x',
        '--save',
        '--no-adaptor',
      ]);
    expect((await send('0000')).stderr).toMatch(/refused the PIN \(2 attempts left\)/);
    expect((await send('0000')).stderr).toMatch(/1 attempts left/);
    expect((await send('0000')).stderr).toMatch(/PIN is blocked/);
    expect((await send('1234')).stderr).toMatch(/PIN is blocked/);
    expect((await loadProfile(profile)).pin1.retriesLeft).toBe(0);

    const sim = createVirtualSim(await loadProfile(profile));
    const ports = {
      channel: new CardChannel(virtualSimLink(sim)),
      carrier: memoryCarrier(),
      voice: memoryVoice(),
      user: scriptedUser(),
    };
    const handset = new HandsetClient({ ports }).start();
    expect(await handset.settled()).toBe('SIM PUK');
    let out = '';
    const at = new AtInterpreter(
      handset,
      { manufacturer: 'm', model: 'm', revision: '1', imei: '490154203237518' },
      { write: (t) => (out += t) },
    );
    at.receive(new TextEncoder().encode('AT+CPIN="12345678","2468"\r'));
    await at.idle();
    expect(out).toContain('OK');
    handset.stop();
    await saveProfile(profile, sim.snapshot());
    const { code, stdout } = await send('2468');
    expect(code).toBe(0);
    expect(stdout).toContain('sms.submit');
  }, 60_000);
});

describe('simpay handset --at-pty', () => {
  it('serves AT commands on the pty until interrupted', async () => {
    const profile = await profileCopy('sim-2g.json');
    const path = join(dir, 'modem');
    const controller = new AbortController();
    let stderr = '';
    let reply = '';
    const ask = (): void => {
      const port = new SerialPort({ path, baudRate: 115200 });
      port.on('data', (chunk: Buffer) => {
        reply += chunk.toString('latin1');
        if (reply.includes('001010123456789') && reply.endsWith('OK\r\n')) {
          port.close(() => controller.abort());
        }
      });
      port.write('ATE0;+CIMI\r');
    };
    const { main } = await import('../../cli/main.ts');
    const done = main(['handset', '--at-pty', path, '--profile', profile], {
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
        if (t.startsWith('AT modem on')) ask();
      },
      readStdin: async () => new Uint8Array(0),
      signal: controller.signal,
    });
    expect(await done).toBe(0);
    expect(stderr).toMatch(/AT modem on .*modem \(ICCID 89001010000000000018, READY\)/);
    expect(reply).toContain('\r\n001010123456789\r\n');
    await expect(readFile(path)).rejects.toThrow();
  }, 30_000);
});
