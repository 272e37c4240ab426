// Interoperability: Wireshark's own dissectors (tshark) must read simpay's GSMTAP SIM pcap files
// and find the SIM APDUs, the SMS-PP download, SEND SHORT MESSAGE and the SMS text in them.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PcapFileWriter, PcapTraceSink } from '../../../bridge/trace/pcap-writer.ts';
import { parseApduTrace } from '../../../protocol/trace/index.ts';

const hasTshark = spawnSync('tshark', ['--version'], { encoding: 'utf8' }).status === 0;
const fixtures = [
  'sms-pp-download.trace',
  'send-short-message.trace',
  'update-record-ef-sms.trace',
];
const T0 = 1_795_000_000_000_000;

function tshark(args: readonly string[]): string {
  const run = spawnSync('tshark', ['-n', ...args], { encoding: 'utf8', timeout: 30_000 });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

describe.skipIf(!hasTshark)(
  'tshark reads simpay SIM traces (skipped: tshark is not installed)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'simpay-tshark-'));
    const path = join(dir, 'fixtures.pcap');
    let frames = 0;

    beforeAll(() => {
      const writer = new PcapFileWriter(path);
      let now = T0 - 1000;
      const sink = new PcapTraceSink(writer, () => (now += 1000));
      for (const name of fixtures) {
        const text = readFileSync(
          new URL(`../../../fixtures/apdu/${name}`, import.meta.url),
          'utf8',
        );
        for (const entry of parseApduTrace(text)) {
          sink.record(entry);
          frames++;
        }
      }
      writer.close();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('dissects every frame as GSM SIM with no malformed packet', () => {
      const detail = tshark(['-r', path, '-V']);
      expect(detail.match(/^GSM SIM 11\.11$/gm)?.length).toBe(frames);
      expect(detail).not.toMatch(/Malformed|Exception occurred/);
      for (const ins of [
        'ENVELOPE (0xc2)',
        'GET RESPONSE (0xc0)',
        'FETCH (0x12)',
        'TERMINAL RESPONSE (0x14)',
        'UPDATE RECORD (0xdc)',
        'READ RECORD (0xb2)',
      ]) {
        expect(detail).toContain(`Instruction: ${ins}`);
      }
      expect(detail).toContain('BER-TLV Tag: GSM/3GPP/3GPP2 - SMS-PP Download (0xd1)');
      expect(detail).toContain('(U)SIM Toolkit Security Headers');
      expect(detail).toContain('Command Type: SEND SHORT MESSAGE (0x13)');
      expect(detail).toContain('Result: Command performed successfully (0x00)');
      expect(detail).toContain('SMS text: test text');
    });

    it('exposes the fields by name, frame by frame', () => {
      const fields = [
        'gsm_sim.apdu.ins',
        'gsm_sim.apdu.sw',
        'gsm_sim.cat.ber_tlv_tag',
        'etsi_cat.comp_tlv.cmd_type',
        'gsm_sms.tp-mti',
        'gsm_sms.tp-pid',
        'gsm_sms.tp-dcs',
        'gsm_sms.ie_identifier',
        'gsm_sms.tp-oa',
        'gsm_sms.tp-da',
        'gsm_sms.sms_text',
      ];
      const out = tshark(['-r', path, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])]);
      const rows = out
        .trimEnd()
        .split('\n')
        .map((line) => Object.fromEntries(line.split('\t').map((v, i) => [fields[i]!, v])));
      expect(rows.map((r) => r['gsm_sim.apdu.ins'])).toEqual([
        '0xc2',
        '0xc0',
        '0xf2',
        '0x12',
        '0x14',
        '0xa4',
        '0xa4',
        '0xdc',
        '0xb2',
      ]);
      expect(rows[0]).toMatchObject({
        'gsm_sim.apdu.sw': '0x6110',
        'gsm_sim.cat.ber_tlv_tag': '0xd1',
        'gsm_sms.tp-mti': '0',
        'gsm_sms.tp-pid': '127',
        'gsm_sms.tp-dcs': '246',
        'gsm_sms.ie_identifier': '0x70',
        'gsm_sms.tp-oa': '4085551212',
      });
      expect(rows[2]).toMatchObject({ 'gsm_sim.apdu.sw': '0x912a' });
      expect(rows[3]).toMatchObject({
        'gsm_sim.cat.ber_tlv_tag': '0xd0',
        'etsi_cat.comp_tlv.cmd_type': '0x13',
        'gsm_sms.tp-mti': '1',
        'gsm_sms.tp-da': '4085551212',
        'gsm_sms.sms_text': 'test text',
      });
      expect(rows[4]).toMatchObject({
        'etsi_cat.comp_tlv.cmd_type': '0x13',
        'gsm_sim.apdu.sw': '0x9000',
      });
      expect(rows[7]).toMatchObject({ 'gsm_sim.apdu.sw': '0x9000' });
    });

    it('sees UDP port 4729 and the timestamps simpay wrote', () => {
      // tshark 4.0 hands type SIM straight to the GSM SIM dissector without a GSMTAP subtree.
      const fields = ['-e', 'udp.dstport', '-e', 'frame.time_epoch'];
      const out = tshark(['-r', path, '-T', 'fields', ...fields, '-c', '2']);
      expect(out.trimEnd().split('\n')).toEqual([
        '4729\t1795000000.000000000',
        '4729\t1795000000.001000000',
      ]);
    });
  },
);
