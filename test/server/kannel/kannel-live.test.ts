// Real Kannel on loopback (Debian's kannel and kannel-extras): fakesmsc plays the SMS centre,
// bearerbox and smsbox pass a plain and a binary (secured, UDH IEI 70) mobile-originated SMS to the
// get-url endpoint of a payment server configured with `kannel`, and the gateway's replies come
// back through sendsms to fakesmsc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeBlockCipherEngine } from '../../../bridge/crypto/node-block-cipher.ts';
import { adaptorConfig } from '../../../firmware-sim/adaptor/config.ts';
import { dataText, requestData } from '../../../firmware-sim/adaptor/generator/payment-request.ts';
import { openFromServer, sealForServer } from '../../../firmware-sim/adaptor/secured-channel.ts';
import { parseConfig } from '../../../server/config/config.ts';
import { startPaymentServer, type RunningServer } from '../../../server/index.ts';
import { newDevice } from '../../../server/gateway/device-setup.ts';
import { percentOctets, queryOctets } from '../../../server/kannel/kannel-message.ts';
import { MO_PATH } from '../../../server/kannel/mo-endpoint.ts';
import { ADAPTOR_SETTINGS, ALICE, ALICE_PIN, BOB, BOB_PIN } from '../gateway/gateway-harness.ts';
import { TEST_ENV } from '../support/payment-harness.ts';

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';
const available = [BEARERBOX, SMSBOX, FAKESMSC].every((f) => existsSync(f));
const SHORT_CODE = '62729';
const WAIT_MS = 20_000;
const MO_TOKEN = 'mo-token-for-tests-0001';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `check` every 50 ms until it holds, for at most WAIT_MS. */
async function until<T>(
  what: string,
  check: () => T | undefined | null | false | Promise<T | undefined | false>,
  detail?: () => string,
): Promise<T> {
  for (let waited = 0; waited < WAIT_MS; waited += 50) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}${detail ? `: ${detail()}` : ''}`);
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** A started program with everything it printed. */
class Program {
  output = '';
  private readonly child: ChildProcess;
  constructor(file: string, args: string[]) {
    this.child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.child.stdout, this.child.stderr])
      stream?.on('data', (d: Buffer) => void (this.output += d.toString('latin1')));
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

function kannelConfig(ports: Record<string, number>, dir: string): string {
  const getUrl = `http://127.0.0.1:${ports['mo']}${MO_PATH}?from=%p&to=%P&text=%b&udh=%u&coding=%c&id=%I&token=${MO_TOKEN}`;
  return [
    'group = core',
    `admin-port = ${ports['admin']}`,
    'admin-password = kannel-admin-secret',
    'admin-interface = 127.0.0.1',
    `smsbox-port = ${ports['smsbox']}`,
    'box-allow-ip = 127.0.0.1',
    `log-file = "${join(dir, 'bearerbox.log')}"`,
    '',
    'group = smsc',
    'smsc = fake',
    'smsc-id = fake',
    `port = ${ports['smsc']}`,
    'connect-allow-ip = 127.0.0.1',
    '',
    'group = smsbox',
    'bearerbox-host = 127.0.0.1',
    `bearerbox-port = ${ports['smsbox']}`,
    `sendsms-port = ${ports['sendsms']}`,
    'sendsms-interface = 127.0.0.1',
    `log-file = "${join(dir, 'smsbox.log')}"`,
    '',
    'group = sendsms-user',
    'username = simpay',
    'password = sendsms-secret',
    '',
    'group = sms-service',
    'keyword = default',
    'catch-all = true',
    `get-url = "${getUrl}"`,
    'omit-empty = true',
    'max-messages = 0',
    '',
  ].join('\n');
}

describe.skipIf(!available)('Kannel bearerbox + smsbox + fakesmsc on loopback', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simpay-kannel-'));
  const programs: Program[] = [];
  const engine = new NodeBlockCipherEngine();
  let server: RunningServer;
  let ports: Record<string, number>;

  const start = (file: string, args: string[]) => {
    const program = new Program(file, args);
    programs.push(program);
    return program;
  };
  /** fakesmsc sending `message` once and printing what it gets back. */
  const smsCentre = (message: string) =>
    start(FAKESMSC, ['-H', '127.0.0.1', '-r', String(ports['smsc']), '-m', '1', message]);

  beforeAll(async () => {
    ports = {};
    for (const name of ['admin', 'smsbox', 'smsc', 'sendsms']) ports[name] = await freePort();
    server = await startPaymentServer({
      config: parseConfig(
        {
          banks: ['ci'],
          fees: [],
          sms: { number: SHORT_CODE },
          kannel: {
            moPort: 0,
            sendsmsUrl: `http://127.0.0.1:${ports['sendsms']}/cgi-bin/sendsms`,
            username: 'simpay',
            password: 'sendsms-secret',
            moToken: MO_TOKEN,
          },
        },
        TEST_ENV,
      ),
      db: 'sqlite::memory:',
      host: '127.0.0.1',
      port: 0,
    });
    ports['mo'] = server.kannelPort ?? 0;
    await server.service.register({ msisdn: ALICE, pin: ALICE_PIN });
    await server.service.register({ msisdn: BOB, pin: BOB_PIN });
    await server.service.load({ msisdn: ALICE, amount: '100', reference: 'cash-1' });
    server.gateway.registry.setPlainSmsAllowed(ALICE, true);
    const { kic: kicKey, kid: kidKey } = ADAPTOR_SETTINGS.keys;
    server.gateway.registry.put(newDevice({ msisdn: ALICE, kicKey, kidKey }, Date.now()));
    const conf = join(dir, 'kannel.conf');
    writeFileSync(conf, kannelConfig(ports, dir));
    const bearerbox = start(BEARERBOX, [conf]);
    await until(
      'bearerbox',
      async () => (await listening(ports['admin']!)) || undefined,
      () => bearerbox.output,
    );
    start(SMSBOX, [conf]);
    await until('smsbox', async () => (await listening(ports['sendsms']!)) || undefined);
  }, 30_000);

  afterAll(async () => {
    for (const p of programs.splice(0)) await p.stop();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a plain MO SMS and returns the reply through sendsms', async () => {
    const centre = smsCentre(`${ALICE} ${SHORT_CODE} text BAL PIN ${ALICE_PIN}`);
    const line = await until(
      'the reply',
      () => /Got message \d+: <([^>]*)>/.exec(centre.output),
      () => centre.output,
    );
    expect(line[1]).toMatch(/^62729 \+14088675309 text Balance USD 100\.00\./);
    expect(line[1]).not.toContain(`PIN ${ALICE_PIN}`);
    await centre.stop();
  }, 30_000);

  it('refuses get-url requests without the token', async () => {
    const url = `http://127.0.0.1:${ports['mo']}${MO_PATH}?from=%2B14088675309&to=62729&text=BAL`;
    expect((await fetch(url)).status).toBe(403);
    expect((await fetch(`${url}&token=wrong`)).status).toBe(403);
  });

  it('delivers a binary secured MO SMS once and returns the secured reply', async () => {
    const request = { keyword: 'PAY' as const, amount: '20', target: BOB, pin: ALICE_PIN };
    const packet = sealForServer(requestData(request), 1, ADAPTOR_SETTINGS, engine);
    const centre = smsCentre(`${ALICE} ${SHORT_CODE} udh %02%70%00 ${percentOctets(packet)}`);
    const line = await until('the reply', () =>
      /Got message \d+: <62729 \+14088675309 udh (\S+) data (\S+)>/.exec(centre.output),
    );
    expect(queryOctets(`u=${line[1]}`).get('u')).toEqual(Uint8Array.of(2, 0x70, 0));
    const body = queryOctets(`d=${line[2]}`).get('d')!;
    const opened = openFromServer(body, ADAPTOR_SETTINGS, adaptorConfig(ADAPTOR_SETTINGS), engine);
    if (!opened.accepted) throw new Error(`the adaptor refused the reply: ${opened.reason}`);
    expect(dataText(opened.data)).toMatch(/^Paid USD 20\.00 to \+14085551212/);
    expect((await server.service.balanceOf(BOB)).available).toBe('20.00');
    await centre.stop();
  }, 30_000);
});
