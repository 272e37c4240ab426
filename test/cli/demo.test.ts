// `simpay demo` with no arguments beyond its outputs: every path of the demo scenario passes, the
// report parses as JSON, the APDU traces read back as GSMTAP SIM packets with PINs masked, and
// the WAV of the PIN call-back holds the keyed digits as DTMF.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSimTraceFile } from '../../bridge/trace/pcap-writer.ts';
import { DtmfDetector } from '../../modem/dtmf/dtmf-detector.ts';
import { readWav } from '../../modem/io/wav.ts';
import { runCli, type CliRun } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-demo-'));
const pcap = join(dir, 'demo.pcap');
const wav = join(dir, 'calls');
let json: CliRun;

beforeAll(async () => {
  json = await runCli(['demo', '--json', '--pcap', pcap, '--wav', wav]);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface DemoReport {
  passed: boolean;
  failed: string[];
  handsets: number;
  steps: { passed: boolean; action: string }[];
  money: { holds: boolean; opening: string; owed: string; cash: string };
  settlement: { balanced: boolean; positions: { bank: string }[] };
  wavFiles: string[];
}

describe('simpay demo', () => {
  it('runs every path on 20 handsets and exits 0 with the report as JSON', () => {
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as DemoReport;
    expect(report.failed).toEqual([]);
    expect(report).toMatchObject({ passed: true, handsets: 20 });
    expect(report.money).toMatchObject({ holds: true, opening: '615.00', owed: '615.00' });
    expect(report.settlement.balanced).toBe(true);
    const actions = report.steps.map((s) => s.action).join('\n');
    for (const path of [
      'adaptor menu',
      'SMS from SIM storage',
      'plain SMS',
      'calls +14085550105 back for the PIN',
      'by voice call (DTMF)',
      'by voice call (FSK)',
      "by voice call (DTMF, from the adaptor's menu)",
      'requests 25.00',
      'decline',
      'non-member',
      'joins at bank-b',
      'delivers SMS 1 of +14085550101 again',
      'is pulled out',
      'is put back',
    ])
      expect(actions).toContain(path);
  });

  it('writes the APDU traces of every handset as GSMTAP SIM packets, PINs masked', async () => {
    const trace = await readSimTraceFile(pcap);
    expect(trace.skipped).toBe(0);
    expect(trace.events.length).toBeGreaterThan(500);
    const bytes = readFileSync(pcap);
    // VERIFY CHV1 with the SIM PIN 1234 of test-sim.json ('31 32 33 34' padded with FF) never appears.
    expect(bytes.includes(Buffer.from('31323334ffffffff', 'hex'))).toBe(false);
  });

  it('writes the audio of the calls, the PIN call-back holding the keyed digits', async () => {
    const report = JSON.parse(json.stdout) as DemoReport;
    expect(report.wavFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of report.wavFiles) expect(existsSync(file)).toBe(true);
    const pin = report.wavFiles.find((f) => f.includes('pin-callback'))!;
    const audio = await readWav(new Uint8Array(readFileSync(pin)));
    expect(audio.sampleRate).toBe(8000);
    const detector = new DtmfDetector({ sampleRate: 8000 });
    const digits = [...detector.push(audio.samples), ...detector.flush()].map((d) => d.digit);
    expect(digits.join('')).toBe('4321#');
  });

  it.skipIf(spawnSync('multimon-ng', ['-h']).error !== undefined)(
    'writes call audio that multimon-ng decodes as the keyed DTMF digits',
    () => {
      const report = JSON.parse(json.stdout) as DemoReport;
      const pin = report.wavFiles.find((f) => f.endsWith('pin-callback-14085550105-uplink.wav'))!;
      const run = spawnSync('multimon-ng', ['-q', '-t', 'wav', '-a', 'DTMF', pin], {
        encoding: 'utf8',
      });
      expect(
        run.stdout
          .match(/DTMF: (\S)/g)
          ?.map((l) => l.slice(-1))
          .join(''),
      ).toBe('4321#');
    },
  );

  it('prints the report as tables without --json and refuses a bad --handsets', async () => {
    const text = await runCli(['demo']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Money check: no money created or lost');
    expect(text.stdout).toMatch(/Settlement \(not posted\).*balanced/);
    expect(text.stdout.trimEnd().endsWith('PASSED')).toBe(true);
    const bad = await runCli(['demo', '--handsets', '3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--handsets must be between 20 and 2000');
  }, 120_000);

  it('has help that starts with the usage line', async () => {
    const run = await runCli(['demo', '--help']);
    expect(run.stdout.startsWith('Usage: simpay demo')).toBe(true);
  });
});
