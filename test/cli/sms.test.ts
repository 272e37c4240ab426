import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

// TS 27.005 textbook AT+CMGS PDU: default service centre (00), SMS-SUBMIT "hellohello"
const CMGS = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';
const DELIVER = '040bc87238880900f10000993092516195800ae8329bfd4697d9ec37';
const EXAMPLES: readonly [string[], string][] = [
  [['--smsc'], CMGS.toLowerCase()],
  [['--smsc'], '07917283010010f5' + DELIVER],
  [['--direction', 'mt'], DELIVER],
  [['--direction', 'mo'], '40077ff606027100aabbcc'],
  [['--direction', 'mo', '--report', 'error'], '00d400'],
  [['--direction', 'mt'], '06450b916407281553f8621132415000806211324150108000'],
  [['--direction', 'mo'], '22120002340b916407281553f800'],
  [['--direction', 'mt'], '01c50062113241500080'],
];

describe('simpay sms', () => {
  it('decodes the AT+CMGS PDU to readable JSON', async () => {
    const run = await runCli(['sms', 'decode', '--smsc', CMGS]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({
      direction: 'mo',
      serviceCentre: null,
      type: 'submit',
      destination: { value: '+46708251358', ton: 'international', npi: 'isdn' },
      validityPeriod: { format: 'relative', value: 170, minutes: 5760 },
      userData: { length: 10, hex: 'e8329bfd4697d9ec37', text: 'hellohello' },
    });
  });

  it.each(EXAMPLES)('decode %j %s then encode gives the same bytes', async (flags, hex) => {
    const decoded = await runCli(['sms', 'decode', ...flags, hex]);
    expect(decoded.code).toBe(0);
    const encoded = await runCli(['sms', 'encode', '-'], decoded.stdout);
    expect(encoded).toMatchObject({ code: 0, stderr: '' });
    expect(encoded.stdout).toBe(`${hex}\n`);
  });

  it('decodes an EF_SMS record and encodes it back', async () => {
    const record =
      '03' + '07917283010010f5' + DELIVER + 'ff'.repeat(176 - 1 - 8 - DELIVER.length / 2);
    const decoded = await runCli(['sms', 'decode', '--record', record]);
    expect(decoded.code).toBe(0);
    expect(JSON.parse(decoded.stdout)).toMatchObject({
      recordStatus: '03',
      recordState: 'mtToBeRead',
      type: 'deliver',
    });
    const encoded = await runCli(['sms', 'encode', '-'], decoded.stdout);
    expect(encoded.stdout).toBe(`${record}\n`);
    const short = await runCli(['sms', 'decode', '--record', '03']);
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/176 bytes/);
    const mixed = await runCli(['sms', 'decode', '--record', '--smsc', record]);
    expect(mixed.code).toBe(2);
  });

  it('encodes a hand-written SMS-SUBMIT given as an argument', async () => {
    const json = JSON.stringify({
      type: 'submit',
      destination: '+46708251358',
      userData: { text: 'hi' },
    });
    const run = await runCli(['sms', 'encode', json]);
    expect(run.stdout).toBe('01000b916407281553f8000002e834\n');
  });

  it('finds the direction when only one reading decodes and refuses when both do', async () => {
    const deliver = await runCli(['sms', 'decode', DELIVER]);
    expect(JSON.parse(deliver.stdout)).toMatchObject({ direction: 'mt', type: 'deliver' });
    const both = await runCli(['sms', 'decode', '010000801000020000']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch('ambiguous: reads as submit (mo) and as submitReport (mt)');
    expect(both.stderr).toMatch(/--direction/);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [['decode', 'zz'], 2, /HEX is not hex/],
    [['decode', '123'], 2, /HEX has an odd number of digits/],
    [['decode', '03'], 1, /TP-MTI 11 is reserved/],
    [['decode', '--direction', 'up', '00'], 2, /--direction must be mo or mt/],
    [['encode', '{nope'], 2, /not JSON/],
    [
      ['encode', '{"type":"submit","userData":{"text":"x"}}'],
      2,
      /JSON field destination: expected an address/,
    ],
    [
      ['encode', '{"type":"submit","destination":"+1","dcs":"zz","userData":{"text":"x"}}'],
      2,
      /JSON field dcs/,
    ],
    [
      ['encode', '{"type":"submit","destination":"+1","userData":{"text":"ж"}}'],
      2,
      /JSON field userData\.text/,
    ],
    [['encode', '{"type":"deliver"}'], 2, /JSON field originator/],
    [['frobnicate'], 2, /give 'decode' or 'encode'/],
  ])('%j fails with one line', async (argv, code, message) => {
    const run = await runCli(['sms', ...argv]);
    expect(run.code).toBe(code);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('has help starting with the usage line', async () => {
    const run = await runCli(['sms', '--help']);
    expect(run.stdout.startsWith('Usage: simpay sms')).toBe(true);
  });
});
