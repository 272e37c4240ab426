import { describe, expect, it } from 'vitest';
import { encodeFrame } from '../../../modem/framing/frame.ts';
import {
  chooseMode,
  helloFrame,
  helloModes,
  selectFrame,
  selectedMode,
} from '../../../modem/voice/call-setup.ts';

describe('call set-up negotiation', () => {
  it('offers DTMF always and FSK as bit 2', () => {
    expect(encodeFrame(helloFrame([]))).toBe('*316#');
    expect(encodeFrame(helloFrame(['dtmf', 'fsk']))).toBe('*330#');
    expect(helloModes(3)).toEqual(['dtmf', 'fsk']);
    expect(helloModes(1)).toEqual(['dtmf']);
    expect(helloModes(0)).toEqual(['dtmf']);
  });

  it('selects FSK only when both ends have it', () => {
    expect(chooseMode(['dtmf', 'fsk'], ['dtmf', 'fsk'])).toBe('fsk');
    expect(chooseMode(['dtmf'], ['dtmf', 'fsk'])).toBe('dtmf');
    expect(chooseMode(['dtmf', 'fsk'], ['dtmf'])).toBe('dtmf');
    expect(encodeFrame(selectFrame('fsk'))).toBe('*426#');
    expect(encodeFrame(selectFrame('dtmf'))).toBe('*419#');
    expect(selectedMode(selectFrame('fsk'))).toBe('fsk');
    expect(selectedMode({ kind: 'control', type: 'select', value: 9 })).toBeUndefined();
  });
});
