// The pcap trace file edge: events appended as they happen, read back chunk by chunk.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PcapFileWriter,
  PcapTraceSink,
  openPcapTraceSink,
  readSimTraceFile,
} from '../../../bridge/trace/pcap-writer.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeSimTracePcap } from '../../../protocol/gsmtap/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'simpay-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function steppingClock(start: number): () => number {
  let now = start - 1000;
  return () => (now += 1000);
}

describe('PcapFileWriter and PcapTraceSink', () => {
  it('appends each event so the file is a valid trace after every write', () => {
    const path = join(dir, 'live.pcap');
    const writer = new PcapFileWriter(path);
    const sink = new PcapTraceSink(writer, steppingClock(1_795_000_000_000_000));
    expect(decodeSimTracePcap(readFileSync(path)).events).toEqual([]);
    sink.record({ kind: 'atr', atr: fromHex('3b9396008031e0') });
    expect(decodeSimTracePcap(readFileSync(path)).events).toHaveLength(1);
    sink.record({ kind: 'apdu', command: fromHex('a0a40000023f00'), response: fromHex('9f22') });
    writer.close();
    writer.close();
    const events = decodeSimTracePcap(readFileSync(path)).events;
    expect(events.map((e) => [e.time, e.kind, toHex(e.bytes)])).toEqual([
      [1_795_000_000_000_000, 'atr', '3b9396008031e0'],
      [1_795_000_000_001_000, 'apdu', 'a0a40000023f009f22'],
    ]);
    expect(() => writer.write(events[0]!)).toThrow(
      expect.objectContaining({ code: 'TRACE_FILE_CLOSED' }),
    );
  });

  it('masks secrets by default when opened for a run', async () => {
    const path = join(dir, 'masked.pcap');
    const trace = openPcapTraceSink(path, { clock: () => 0 });
    trace.sink.record({
      kind: 'apdu',
      command: fromHex('0020000102 3132'),
      response: fromHex('9000'),
    });
    trace.close();
    const plain = openPcapTraceSink(join(dir, 'plain.pcap'), {
      clock: () => 0,
      maskSecrets: false,
    });
    plain.sink.record({
      kind: 'apdu',
      command: fromHex('0020000102 3132'),
      response: fromHex('9000'),
    });
    plain.close();
    expect(toHex((await readSimTraceFile(path)).events[0]!.bytes)).toBe('00200001022a2a9000');
    expect(toHex((await readSimTraceFile(join(dir, 'plain.pcap'))).events[0]!.bytes)).toBe(
      '002000010231329000',
    );
  });

  it('reports a missing directory as TRACE_FILE_NOT_FOUND', () => {
    expect(() => new PcapFileWriter(join(dir, 'no', 'such.pcap'))).toThrow(
      expect.objectContaining({ code: 'TRACE_FILE_NOT_FOUND' }),
    );
  });
});

describe('readSimTraceFile', () => {
  it('reads a file larger than one stream chunk', async () => {
    const path = join(dir, 'big.pcap');
    const writer = new PcapFileWriter(path);
    const sink = new PcapTraceSink(writer, steppingClock(0));
    const command = fromHex('a0dc0104b0' + 'ff'.repeat(176));
    for (let i = 0; i < 600; i++) sink.record({ kind: 'apdu', command, response: fromHex('9000') });
    writer.close();
    const trace = await readSimTraceFile(path);
    expect(trace.events).toHaveLength(600);
    expect(trace.events[599]!.time).toBe(599_000);
  });

  it('reports missing and truncated files', async () => {
    await expect(readSimTraceFile(join(dir, 'absent.pcap'))).rejects.toMatchObject({
      code: 'TRACE_FILE_NOT_FOUND',
    });
    const path = join(dir, 'cut.pcap');
    const writer = new PcapFileWriter(path);
    writer.write({ time: 0, kind: 'atr', bytes: fromHex('3b02') });
    writer.close();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 3));
    await expect(readSimTraceFile(path)).rejects.toMatchObject({ code: 'PCAP_TRUNCATED' });
  });
});
