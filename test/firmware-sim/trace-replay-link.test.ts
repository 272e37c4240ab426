// A recorded trace as a card: fixtures/apdu/handset-start-up.trace replayed command by command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import { decodeCommandApdu } from '../../protocol/iso7816/apdu.ts';
import { parseApduTrace } from '../../protocol/trace/apdu-trace.ts';
import { createTraceReplayLink, TraceReplayError } from '../../firmware-sim/trace-replay-link.ts';

const startUp = parseApduTrace(
  readFileSync(new URL('../../fixtures/apdu/handset-start-up.trace', import.meta.url), 'utf8'),
);
const command = (hex: string) => decodeCommandApdu(fromHex(hex));

describe('trace replay card link', () => {
  it('answers the recorded start-up: ATR, SELECTs and READ BINARY of the ICCID', async () => {
    const link = createTraceReplayLink(startUp);
    expect(toHex(await link.reset())).toBe('3b9396008031e0');
    expect((await link.transmit(command('a0a40000023f00'))).sw).toBe(0x9f22);
    expect((await link.transmit(command('a0a40000022fe2'))).sw).toBe(0x9f0f);
    const iccid = await link.transmit(command('a0b000000a'));
    expect(toHex(iccid.data)).toBe('98000101000000000081');
    expect(iccid.sw).toBe(0x9000);
    expect(link.remaining()).toBe(startUp.length - 4);
  });

  it('refuses a command the recording does not hold next, naming both', async () => {
    const link = createTraceReplayLink(startUp);
    await link.reset();
    const attempt = link.transmit(command('a0a40000027f20'));
    await expect(attempt).rejects.toBeInstanceOf(TraceReplayError);
    await expect(link.transmit(command('a0a40000027f20'))).rejects.toThrow(
      'TRACE_REPLAY_MISMATCH at trace entry 2: sent A0 A4 00 00 02 7F 20, recorded A0 A4 00 00 02 3F 00',
    );
  });

  it('refuses a command before the reset, and anything after the end', async () => {
    const link = createTraceReplayLink(startUp);
    await expect(link.transmit(command('a0a40000023f00'))).rejects.toThrow(
      /recording has a reset next/,
    );
    const short = createTraceReplayLink(startUp.slice(0, 1));
    await short.reset();
    await expect(short.reset()).rejects.toThrow(/TRACE_REPLAY_EXHAUSTED/);
  });
});
