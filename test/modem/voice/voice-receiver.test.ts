import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import { BELL_202 } from '../../../modem/fsk/fsk-profile.ts';
import { dtmfModem } from '../../../modem/voice/dtmf-modem.ts';
import { fskModem } from '../../../modem/voice/symbol-modem.ts';
import { VoiceReceiver } from '../../../modem/voice/voice-receiver.ts';

const RATE = 8000;
const dtmf = dtmfModem({ sampleRate: RATE });
const fsk = fskModem({ sampleRate: RATE, profile: BELL_202, amplitude: 0.2 });
const ack = encodeFrame({ kind: 'control', type: 'ack', value: 3 });

function listen(audio: Float32Array, tailMs = 1000) {
  const receiver = new VoiceReceiver([dtmf, fsk], RATE);
  const padded = new Float32Array(audio.length + (tailMs / 1000) * RATE);
  padded.set(audio);
  const heard = [];
  for (let at = 0; at < padded.length; at += 160)
    heard.push(...receiver.push(padded.subarray(at, at + 160)));
  return heard;
}

describe('voice receiver', () => {
  it('hears a frame in whichever encoding carries it, and only in that one', () => {
    for (const modem of [dtmf, fsk]) {
      expect(listen(modem.modulate(ack))).toEqual([
        {
          mode: modem.mode,
          parsed: { kind: 'frame', frame: { kind: 'control', type: 'ack', value: 3 } },
        },
      ]);
    }
  });

  it('reports a frame cut off by silence as damaged', () => {
    const data = encodeFrame({ kind: 'data', seq: 1, payload: '20*01555' });
    const cut = fsk.modulate(data).subarray(0, Math.round(0.1 * RATE));
    expect(listen(cut)).toEqual([
      {
        mode: 'fsk',
        parsed: expect.objectContaining({ kind: 'damaged', code: 'FRAME_NO_TERMINATOR' }),
      },
    ]);
  });
});
