// RST through a modem control line: Phoenix readers hold the card in reset while RTS is set
// (some wirings use DTR or the opposite polarity), and the card answers with its ATR after release.
import { describe, expect, it } from 'vitest';
import { modemLineReset, type SerialLine } from '../../../bridge/phoenix/index.ts';

function recordingLine(): { line: SerialLine; calls: string[] } {
  const calls: string[] = [];
  const line: SerialLine = {
    write: async () => undefined,
    setLines: async (lines) => void calls.push(JSON.stringify(lines)),
    flush: async () => undefined,
    onData: () => undefined,
    onClose: () => undefined,
    close: async () => undefined,
  };
  return { line, calls };
}

describe('modemLineReset', () => {
  it('asserts then releases RTS by default', async () => {
    const { line, calls } = recordingLine();
    await modemLineReset(line, 'rts', true, 0).pulse();
    expect(calls).toEqual(['{"rts":true}', '{"rts":false}']);
  });

  it('drives DTR with inverted polarity when asked', async () => {
    const { line, calls } = recordingLine();
    await modemLineReset(line, 'dtr', false, 0).pulse();
    expect(calls).toEqual(['{"dtr":false}', '{"dtr":true}']);
  });
});
