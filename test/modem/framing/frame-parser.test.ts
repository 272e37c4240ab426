import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { FrameParser } from '../../../modem/framing/frame-parser.ts';

const a = encodeFrame({ kind: 'data', seq: 0, payload: '10*01123' });
const b = encodeFrame({ kind: 'control', type: 'ack', value: 0 });

describe('frame parser', () => {
  it('finds frames in a symbol stream, whatever the split', () => {
    const stream = a + b;
    for (let cut = 0; cut <= stream.length; cut++) {
      const parser = new FrameParser();
      const found = [...parser.push(stream.slice(0, cut)), ...parser.push(stream.slice(cut))];
      expect(found.map((f) => f.kind)).toEqual(['frame', 'frame']);
    }
  });

  it('reports a damaged frame and recovers on the next one', () => {
    const parser = new FrameParser();
    const damaged = a.replace('123', '124');
    const found = parser.push(damaged + a);
    expect(found[0]).toMatchObject({ kind: 'damaged', code: 'FRAME_BAD_CRC' });
    expect(found[1]).toMatchObject({ kind: 'frame' });
  });

  it('reports a frame cut off by silence or by a non-symbol byte, and ignores short noise', () => {
    const parser = new FrameParser();
    expect(parser.push(a.slice(0, 6))).toEqual([]);
    expect(parser.inFrame).toBe(true);
    expect(parser.idle()).toMatchObject([{ kind: 'damaged', code: 'FRAME_NO_TERMINATOR' }]);
    expect(parser.push('12x')).toEqual([]);
    expect(parser.push('#')).toEqual([]);
    expect(parser.push(`${a.slice(0, 5)}\u0000${a}`)).toMatchObject([
      { kind: 'damaged' },
      { kind: 'frame' },
    ]);
  });

  it('never throws and bounds what it holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        const parser = new FrameParser();
        parser.push(text);
        parser.idle();
      }),
      { seed: 44, numRuns: 300 },
    );
    const parser = new FrameParser();
    expect(parser.push('1'.repeat(600))).toMatchObject([
      { kind: 'damaged', code: 'FRAME_TOO_LONG' },
    ]);
  });
});
