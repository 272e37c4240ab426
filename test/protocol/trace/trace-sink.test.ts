// The sink every component reports traced exchanges to, and the masking of secrets
// (TS 102 221 §11.1.9-§11.1.13 PIN commands, TS 51.011 §9.2.16 / TS 31.102 §7.1.2 authentication).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  MemoryTraceSink,
  fanOutTraceSink,
  maskingTraceSink,
  statusWordOf,
  statusWordLabel,
  type TraceEntry,
} from '../../../protocol/trace/index.ts';

const apdu = (command: string, response: string): TraceEntry => ({
  kind: 'apdu',
  command: fromHex(command),
  response: fromHex(response),
});

function steppingClock(start: number, step: number): () => number {
  let now = start - step;
  return () => (now += step);
}

describe('MemoryTraceSink', () => {
  it('stamps each entry with the injected clock and joins command and response', () => {
    const sink = new MemoryTraceSink(steppingClock(5_000, 1000));
    sink.record({ kind: 'atr', atr: fromHex('3b9396008031e0') });
    sink.record(apdu('00a40004023f00', '612f'));
    expect(sink.events.map((e) => [e.time, e.kind, toHex(e.bytes)])).toEqual([
      [5_000, 'atr', '3b9396008031e0'],
      [6_000, 'apdu', '00a40004023f00612f'],
    ]);
    expect(statusWordOf(sink.events[1]!)).toBe(0x612f);
    expect(statusWordOf(sink.events[0]!)).toBeUndefined();
  });

  it('fans out to several sinks in order', () => {
    const a = new MemoryTraceSink(() => 1);
    const b = new MemoryTraceSink(() => 2);
    fanOutTraceSink(a, b).record(apdu('80f2000c00', '9000'));
    expect([a.events.length, b.events[0]!.time]).toEqual([1, 2]);
  });
});

describe('maskingTraceSink', () => {
  const run = (...entries: TraceEntry[]) => {
    const memory = new MemoryTraceSink(() => 0);
    const sink = maskingTraceSink(memory);
    for (const e of entries) sink.record(e);
    return memory.events.map((e) => toHex(e.bytes));
  };

  it('masks PIN values in VERIFY, CHANGE, DISABLE, ENABLE and UNBLOCK PIN', () => {
    expect(run(apdu('002000010831323334ffffffff', '9000'))).toEqual([
      '00200001082a2a2a2a2a2a2a2a9000',
    ]);
    for (const ins of ['24', '26', '28', '2c']) {
      expect(run(apdu(`00${ins}000102${'31'.repeat(2)}`, '9000'))[0]).toBe(
        `00${ins}0001022a2a9000`,
      );
    }
  });

  it('masks authentication results, also when fetched by GET RESPONSE', () => {
    expect(
      run(
        apdu('a088000010' + '00'.repeat(16), '9f0c'),
        apdu('a0c000000c', '0102030405060708090a0b0c9000'),
        apdu('a0c000000c', '0102030405060708090a0b0c9000'),
      ),
    ).toEqual([
      'a088000010' + '00'.repeat(16) + '9f0c',
      'a0c000000c' + '2a'.repeat(12) + '9000',
      'a0c000000c0102030405060708090a0b0c9000',
    ]);
  });

  it('passes everything else through unchanged', () => {
    expect(
      run(
        { kind: 'atr', atr: fromHex('3b02') },
        apdu('a0b000000a', '98000101000000000081' + '9000'),
      ),
    ).toEqual(['3b02', 'a0b000000a980001010000000000819000']);
  });
});

describe('statusWordLabel (ISO/IEC 7816-4 §5.6, TS 102 221 §10.2.1, TS 51.011 §9.4)', () => {
  it.each([
    [0x9000, 'OK'],
    [0x612f, '47 bytes of response data available (GET RESPONSE)'],
    [0x9f22, '34 bytes of response data available (GET RESPONSE)'],
    [0x912a, 'OK, proactive command of 42 bytes pending (FETCH)'],
    [0x6c00, 'wrong length Le, re-send with P3 = 256'],
    [0x6a82, 'file or application not found'],
    [0x6d00, 'instruction code not supported or invalid'],
    [0x9300, 'SIM Application Toolkit is busy, command cannot be executed now'],
    [0x63c2, 'verification failed, 2 retries left'],
  ])('%s', (sw, label) => {
    expect(statusWordLabel(sw)).toBe(label);
  });

  it('names nothing it does not know', () => {
    expect(statusWordLabel(0x1234)).toBeUndefined();
  });
});
