// The AT modem on a real pseudo-terminal, driven by gammu's AT driver (connection = at): identify
// with the IMSI, list a received SMS and send one in PDU mode. socat and the pty are removed after.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAtModem, type AtModem } from '../../../bridge/serial/at-modem.ts';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, memoryVoice, scriptedUser } from '../../../firmware-sim/handset/ports.ts';
import {
  createVirtualSim,
  validateProfile,
  virtualSimLink,
} from '../../../firmware-sim/virtual-sim/index.ts';
import { decodeTpdu } from '../../../protocol/sms/tpdu.ts';
import { userDataText } from '../../../protocol/sms/user-data.ts';
import { deliverTpdu } from '../../firmware-sim/handset/sms-samples.ts';

const run = promisify(execFile);
const PROFILE = new URL('../../../fixtures/sim-profiles/test-sim.json', import.meta.url);

let dir: string;
let modem: AtModem;
let handset: HandsetClient;
const carrier = memoryCarrier();
const unknown: string[] = [];

async function gammu(...args: string[]): Promise<string> {
  const { stdout } = await run('gammu', ['-c', join(dir, 'gammurc'), ...args], { timeout: 30_000 });
  return stdout;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'simpay-gammu-'));
  const profile = validateProfile(JSON.parse(await readFile(PROFILE, 'utf8')));
  const channel = new CardChannel(virtualSimLink(createVirtualSim(profile)));
  const user = scriptedUser({ pin: '1234' });
  handset = new HandsetClient({ ports: { channel, carrier, voice: memoryVoice(), user } }).start();
  expect(await handset.settled()).toBe('READY');
  modem = await startAtModem({
    path: join(dir, 'modem'),
    handset,
    onUnknown: (c) => unknown.push(c),
  });
  await writeFile(
    join(dir, 'gammurc'),
    `[gammu]\ndevice = ${join(dir, 'modem')}\nconnection = at\n`,
  );
}, 20_000);

afterAll(async () => {
  await modem?.close();
  handset?.stop();
  expect(existsSync(join(dir, 'modem'))).toBe(false);
  await rm(dir, { recursive: true, force: true });
});

describe('gammu against the emulated handset', () => {
  it('identifies the modem and reads the IMSI', async () => {
    const out = await gammu('identify');
    expect(out).toMatch(/Manufacturer\s*: simpay/);
    expect(out).toMatch(/IMEI\s*: 490154203237518/);
    expect(out).toMatch(/SIM IMSI\s*: 001010000000001/);
  }, 40_000);

  it('lists a received SMS and reads it again from SIM location 1', async () => {
    handset.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('hello from the network', 0, 2) });
    const out = await gammu('getallsms');
    expect(out).toContain('hello from the network');
    expect(out).toMatch(/Remote number\s*: "\+4912345"/);
    const one = await gammu('getsms', '1', '1');
    expect(one).toMatch(/Location 1, folder "Inbox", SIM memory/);
    expect(one).toMatch(/Status\s*: Read/);
  }, 40_000);

  it('sends an SMS in PDU mode', async () => {
    const out = await gammu('sendsms', 'TEXT', '+4085550100', '-text', 'hello from gammu');
    expect(out).toMatch(/OK, message reference=\d+/);
    const sent = carrier.sent.at(-1)!;
    const tpdu = decodeTpdu(sent.tpdu, 'mo');
    expect(tpdu.type === 'submit' ? userDataText(tpdu.userData, tpdu.dcs) : '').toBe(
      'hello from gammu',
    );
    expect(sent.serviceCentre).toBe('+4085550001');
  }, 40_000);

  it('answers every command gammu needs (vendor probes get an error)', () => {
    expect(unknown.every((c) => /^AT(\+MODE|\+CPROT|\+SYNCML|\$TSSPCSW|\*)/.test(c))).toBe(true);
  });
});
