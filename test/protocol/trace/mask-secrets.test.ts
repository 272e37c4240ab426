// Secrets never reach a trace: PINs typed into a hidden GET INPUT (TS 102 223 §6.6.3, §8.6) are
// masked in the TERMINAL RESPONSE that carries them; a visible GET INPUT answer is kept.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { MASK_BYTE, maskingTraceSink } from '../../../protocol/trace/mask-secrets.ts';
import { MemoryTraceSink } from '../../../protocol/trace/trace-sink.ts';
import type { TraceEntry } from '../../../protocol/trace/trace-event.ts';

const apdu = (command: string, response: string): TraceEntry => ({
  kind: 'apdu',
  command: fromHex(command),
  response: fromHex(response),
});

/** FETCH answering GET INPUT "PIN?" with the given qualifier (04 = input not revealed). */
const fetchGetInput = (qualifier: string) =>
  apdu('8012000016', `d01481030123${qualifier}82028182` + '8d0504' + '50494e3f' + '910204089000');
/** TERMINAL RESPONSE with the typed digits 8642 in a Text string (DCS 04). */
const typed = (qualifier: string) =>
  apdu(`8014000013810301 23${qualifier}82028281830100 8d0504 38363432`.replace(/ /g, ''), '9000');

/** The bytes each entry reached the sink with (command || response), as hex. */
function record(entries: readonly TraceEntry[]): string[] {
  const memory = new MemoryTraceSink(() => 0);
  const sink = maskingTraceSink(memory);
  for (const e of entries) sink.record(e);
  return memory.events.map((e) => toHex(e.bytes));
}

describe('masking of hidden user input', () => {
  it('masks the text typed into a GET INPUT that must not be revealed, keeping its DCS', () => {
    const [, response] = record([fetchGetInput('04'), typed('04')]);
    const hex = response!;
    expect(hex).not.toContain('38363432');
    const mask = MASK_BYTE.toString(16).repeat(4);
    expect(hex).toContain(`8d0504${mask}`);
  });

  it('keeps a visible GET INPUT answer, and forgets the hidden flag after one TERMINAL RESPONSE', () => {
    const [, visible] = record([fetchGetInput('00'), typed('00')]);
    expect(visible!).toContain('38363432');
    const [, , , later] = record([
      fetchGetInput('04'),
      typed('04'),
      apdu('80f2000000', '9000'),
      typed('00'),
    ]);
    expect(later!).toContain('38363432');
  });

  it('leaves malformed FETCH data and terminal responses as they are', () => {
    const [, kept] = record([apdu('8012000003', 'd0ff819000'), typed('04')]);
    expect(kept!).toContain('38363432');
  });
});
