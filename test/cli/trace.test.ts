// `simpay trace`: fixtures to a GSMTAP SIM pcap and back, and one-line errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '../../protocol/bytes/index.ts';
import { decodeSimTracePcap } from '../../protocol/gsmtap/index.ts';
import { runCli } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-cli-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../fixtures/apdu/${name}`, import.meta.url));

describe('simpay trace', () => {
  it('converts trace files to one pcap, events 1 ms apart from the default start', async () => {
    const out = join(dir, 'two.pcap');
    const run = await runCli([
      'trace',
      '--pcap',
      out,
      fixture('handset-start-up.trace'),
      fixture('send-short-message.trace'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${out}: 10 events (1 ATR, 9 APDU)\n`);
    const events = decodeSimTracePcap(readFileSync(out)).events;
    expect(events.map((e) => e.time - events[0]!.time)).toEqual(
      Array.from({ length: 10 }, (_, i) => i * 1000),
    );
    expect(events[0]!.time).toBe(Date.parse('2026-01-01T00:00:00Z') * 1000);
    expect(toHex(events[7]!.bytes)).toBe('80f2000c00912a');
  });

  it('lists a pcap with times, bytes and status word names', async () => {
    const out = join(dir, 'sms.pcap');
    const start = '2026-11-23T13:45:00.5Z';
    await runCli(['trace', '--pcap', out, '--start', start, fixture('sms-pp-download.trace')]);
    const run = await runCli(['trace', '--read', out]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^2026-11-23T13:45:00\.500000Z {2}APDU {2}80 C2 00 00 39 D1 37 .* 61 10 {2}SW 6110 16 bytes of response data available \(GET RESPONSE\)$/,
    );
    expect(lines[1]).toBe(
      '2026-11-23T13:45:00.501000Z  APDU  00 C0 00 00 10 02 71 00 00 0B 0A 50 41 59 00 00 00 00 01 00 00 90 00  SW 9000 OK',
    );
  });

  it('prints JSON with --json', async () => {
    const out = join(dir, 'start.pcap');
    await runCli([
      'trace',
      '--pcap',
      out,
      '--start',
      '1795000000',
      fixture('handset-start-up.trace'),
    ]);
    const run = await runCli(['trace', '--read', out, '--json']);
    const json = JSON.parse(run.stdout) as { events: Record<string, unknown>[]; skipped: number };
    expect(json.skipped).toBe(0);
    expect(json.events[0]).toEqual({
      time: '2026-11-18T11:06:40.000000Z',
      timeUs: 1_795_000_000_000_000,
      kind: 'atr',
      hex: '3B 93 96 00 80 31 E0',
    });
    expect(json.events[1]).toMatchObject({
      kind: 'apdu',
      sw: '9F22',
      status: '34 bytes of response data available (GET RESPONSE)',
    });
  });

  it('reads a trace from standard input', async () => {
    const out = join(dir, 'stdin.pcap');
    const run = await runCli(['trace', '--pcap', out, '-'], '> 80 F2 00 0C 00\n< 91 2A\n');
    expect(run.code).toBe(0);
    expect(decodeSimTracePcap(readFileSync(out)).events).toHaveLength(1);
  });

  const failures: [string, string[], number, RegExp][] = [
    ['no mode', ['trace'], 2, /give --pcap OUT\.pcap or --read FILE\.pcap/],
    ['both modes', ['trace', '--pcap', 'a', '--read', 'b'], 2, /either --pcap or --read/],
    ['no inputs', ['trace', '--pcap', 'a.pcap'], 2, /at least one IN\.trace/],
    ['bad start', ['trace', '--pcap', 'a.pcap', '--start', 'soon', 'x'], 2, /--start must be/],
    ['json with pcap', ['trace', '--pcap', 'a.pcap', '--json', 'x'], 2, /--json applies to --read/],
    [
      'missing trace',
      ['trace', '--pcap', join(dir, 'm.pcap'), join(dir, 'none.trace')],
      1,
      /none\.trace: no such file$/,
    ],
    ['missing pcap', ['trace', '--read', join(dir, 'none.pcap')], 1, /none\.pcap: no such file$/],
  ];
  it.each(failures)('fails with one line: %s', async (_, argv, code, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(code);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
  });

  it('names the file and line of a bad trace and writes nothing', async () => {
    const bad = join(dir, 'bad.trace');
    writeFileSync(bad, '# ok\n> 00 A4 00 04 02 3F\n< 90 00\n');
    const out = join(dir, 'never.pcap');
    const run = await runCli(['trace', '--pcap', out, bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `simpay trace: ${bad}:2: P3 = 2 but 1 data bytes follow the header (TRACE_P3_MISMATCH)\n`,
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it('reports a file that is not a pcap', async () => {
    const run = await runCli(['trace', '--read', fixture('sms-pp-download.trace')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sms-pp-download\.trace: PCAP_BAD_MAGIC at offset 0/);
  });
});
