import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const KIC = '000102030405060708090a0b0c0d0e0f';
const KID = '101112131415161718191a1b1c1d1e1f';
const KEYS = ['--kic-key', KIC, '--kid-key', KID];
// `simpay ota wrap` of 80e60c00 with the defaults (SPI 1621, KIc/KID 12, TAR 000001, CNTR 1)
const PACKET =
  '0028151621121200000151054cabf9298c6bc42761fdfd6b23af5a4e60b3f01cb2125af4140c08dbb9f5';

describe('simpay ota', () => {
  it('wraps a command packet with the documented defaults', async () => {
    const run = await runCli(['ota', 'wrap', ...KEYS, '80e60c00']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`${PACKET}\n`);
    expect(PACKET.slice(6, 20)).toBe('16211212000001');
  });

  it('unwraps it to JSON with header, status and plaintext', async () => {
    const run = await runCli(['ota', 'unwrap', ...KEYS, PACKET]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      kind: 'command',
      accepted: true,
      statusCode: '00',
      tar: '000001',
      cntr: '0000000001',
      kic: { suite: 'aes-cbc', keyVersion: 1 },
      spi: { counter: 'higher', ciphering: true, checksum: 'cc' },
      data: '80e60c00',
    });
  });

  it('refuses a replayed counter with status 02 and exit code 1', async () => {
    const run = await runCli(['ota', 'unwrap', ...KEYS, '--stored-cntr', '01', PACKET]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ accepted: false, statusCode: '02' });
  });

  it('reports a tampered packet as a failed checksum', async () => {
    const tampered = PACKET.slice(0, -2) + 'f4';
    const run = await runCli(['ota', 'unwrap', ...KEYS, tampered]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'checksum-failed', statusCode: '01' });
  });

  it('wraps and unwraps a response packet as SMS user data', async () => {
    const por = ['--response', '--spi', '1639', ...KEYS];
    const wrap = await runCli(['ota', 'wrap', ...por, '--status', '02', '--udh', '9000']);
    expect(wrap.code).toBe(0);
    expect(wrap.stdout).toMatch(/^027100[0-9a-f]+\n$/);
    const unwrap = await runCli(['ota', 'unwrap', ...por, '--udh', wrap.stdout.trim()]);
    expect(unwrap.code).toBe(0);
    expect(JSON.parse(unwrap.stdout)).toMatchObject({
      kind: 'response',
      verified: true,
      status: 'counter-low',
      data: '9000',
    });
    const json = await runCli(['ota', 'wrap', ...por, '--json', '9000']);
    const parsed = JSON.parse(json.stdout) as { packet: string; userData: string[] };
    expect(parsed.userData).toEqual([`027100${parsed.packet}`]);
  });

  it('splits a long packet over concatenated SMS user data', async () => {
    const run = await runCli(['ota', 'wrap', ...KEYS, '--udh', 'ab'.repeat(200)]);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^07000300020170000/);
    expect(lines[1]).toMatch(/^0500030002/);
  });

  it('wraps without security when the SPI asks for none, needing no keys', async () => {
    const run = await runCli(['ota', 'wrap', '--spi', '0000', '--cntr', '05', 'a0b0']);
    expect(run.stdout).toBe('00100d00001212000001000000000500a0b0\n');
  });

  it.each([
    [['wrap', ...KEYS, 'zz'], /DATA_HEX: .*not hex/],
    [['wrap', '--kic-key', '0001', '--kid-key', KID, '00'], /--kic-key must be 16 or 24 or 32/],
    [['wrap', '--kid-key', KID, '00'], /--kic-key is required/],
    [['wrap', ...KEYS, '--tar', '0102', '00'], /--tar must be 3 octet/],
    [['wrap', ...KEYS, '--spi', 'e000', '00'], /--spi: OTA_BAD_SPI/],
    [['wrap', ...KEYS, '--status', '01', '00'], /--status applies to wrap --response/],
    [['wrap', ...KEYS, '--response', '--status', '7f', '00'], /not a status code/],
    [['wrap', ...KEYS, '--cntr', '010203040506', '00'], /--cntr must be 1 to 5 octets/],
    [['frob', '00'], /give 'wrap' or 'unwrap'/],
    [['unwrap', ...KEYS], /give the packet/],
  ])('rejects %j with one line and exit code 2', async (args, message) => {
    const run = await runCli(['ota', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reports a malformed packet in one line with exit code 1', async () => {
    const run = await runCli(['ota', 'unwrap', ...KEYS, PACKET.slice(0, -2)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^simpay ota: OTA_LENGTH_MISMATCH/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints help starting with the usage line', async () => {
    const run = await runCli(['ota', '--help']);
    expect(run.stdout).toMatch(/^Usage: simpay ota wrap/);
    expect(run.stdout).toContain('default 1621');
  });
});
