// Independent check of the TS 23.040 encoders: Wireshark's gsm_sms dissector (tshark) must read
// the same addresses, time stamps, lengths and text from randomly built SMS-SUBMIT and
// SMS-DELIVER TPDUs. Skipped when tshark or text2pcap is not installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { DCS_GSM7, DCS_UCS2, type Dcs } from '../../../protocol/sms/dcs.ts';
import { decodeGsm7Septets } from '../../../protocol/sms/gsm7-alphabet.ts';
import { encodeTpdu, type Tpdu } from '../../../protocol/sms/tpdu.ts';
import { encodeUserData, textBody } from '../../../protocol/sms/user-data.ts';
import type { InformationElement } from '../../../protocol/sms/user-data-header.ts';

const available = ['tshark', 'text2pcap'].every((tool) => !spawnSync(tool, ['-v']).error);
const GSM7_TEXT = decodeGsm7Septets(
  Uint8Array.from({ length: 128 }, (_, i) => i).filter(
    (i) => i !== 0x1b && i !== 0x0a && i !== 0x0d,
  ),
);

interface Case {
  readonly tpdu: Tpdu;
  readonly text: string;
  readonly digits: string;
}

const caseArbitrary = fc
  .record({
    mo: fc.boolean(),
    ucs2: fc.boolean(),
    header: fc.boolean(),
    digits: fc.stringMatching(/^[0-9]{1,20}$/),
    gsm: fc.array(fc.constantFrom(...GSM7_TEXT), { minLength: 1, maxLength: 150 }),
    ucs: fc.array(fc.integer({ min: 0x0400, max: 0x04ff }), { minLength: 1, maxLength: 60 }),
    reference: fc.integer({ min: 0, max: 255 }),
    tz: fc.integer({ min: -48, max: 56 }),
  })
  .map(({ mo, ucs2, header, digits, gsm, ucs, reference, tz }): Case => {
    const dcs: Dcs = ucs2 ? DCS_UCS2 : DCS_GSM7;
    const text = ucs2 ? String.fromCharCode(...ucs) : gsm.join('');
    const elements: InformationElement[] = [
      { type: 'other', iei: 0x80, data: Uint8Array.of(reference) },
    ];
    const userData = { ...(header ? { header: elements } : {}), body: textBody(text, dcs) };
    const address = { ton: 1, npi: 1, value: digits };
    const time = {
      year: 2026,
      month: 11,
      day: 23,
      hour: 14,
      minute: 5,
      second: 9,
      tzQuarterHours: tz,
    };
    const tpdu: Tpdu = mo
      ? {
          type: 'submit',
          rejectDuplicates: false,
          replyPath: false,
          statusReportRequest: false,
          messageReference: reference,
          destination: address,
          pid: 0,
          dcs,
          validityPeriod: { format: 'absolute', time },
          userData,
        }
      : {
          type: 'deliver',
          replyPath: false,
          statusReportIndication: false,
          loopPrevention: false,
          moreMessagesToSend: false,
          originator: address,
          pid: 0,
          dcs,
          timestamp: time,
          userData,
        };
    return { tpdu, text, digits };
  });

describe.skipIf(!available)('Wireshark gsm_sms reads what the encoders write', () => {
  it('addresses, text and user data lengths of 60 random TPDUs', () => {
    const cases = fc.sample(caseArbitrary, { numRuns: 60, seed: 3040 });
    const dir = mkdtempSync(join(tmpdir(), 'simpay-sms-'));
    try {
      const lines = cases.map(({ tpdu }) => {
        const bytes = toHex(encodeTpdu(tpdu)).replace(/../g, '$& ');
        return `${tpdu.type === 'submit' ? 'I' : 'O'} 0000 ${bytes}\n`;
      });
      writeFileSync(join(dir, 'sms.txt'), lines.join(''));
      const pcap = join(dir, 'sms.pcapng');
      expect(
        spawnSync('text2pcap', ['-q', '-D', '-l', '147', join(dir, 'sms.txt'), pcap]).status,
      ).toBe(0);
      const dlt = 'uat:user_dlts:"User 0 (DLT=147)","gsm_sms","0","","0",""';
      const fields = [
        'gsm_sms.tp-mti',
        'gsm_sms.tp-da',
        'gsm_sms.tp-oa',
        'gsm_sms.tp.user_data_length',
        'gsm_sms.sms_text',
      ];
      const run = spawnSync(
        'tshark',
        ['-r', pcap, '-o', dlt, '-T', 'json', ...fields.flatMap((f) => ['-e', f])],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 24,
        },
      );
      const packets = JSON.parse(run.stdout) as { _source: { layers: Record<string, string[]> } }[];
      expect(packets).toHaveLength(cases.length);
      packets.forEach((packet, i) => {
        const layers = packet._source.layers;
        const expected = cases[i]!;
        expect(layers['gsm_sms.tp-mti'], `packet ${i}`).toEqual([
          expected.tpdu.type === 'submit' ? '1' : '0',
        ]);
        const address = expected.tpdu.type === 'submit' ? 'gsm_sms.tp-da' : 'gsm_sms.tp-oa';
        expect(layers[address], `packet ${i}`).toEqual([expected.digits]);
        expect((layers['gsm_sms.sms_text'] ?? []).join(''), `packet ${i}`).toBe(expected.text);
        const { dcs, userData } = expected.tpdu as Extract<Tpdu, { type: 'submit' | 'deliver' }>;
        const udl = String(encodeUserData(dcs, userData)[0]);
        expect(layers['gsm_sms.tp.user_data_length'], `packet ${i}`).toEqual([udl]);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
