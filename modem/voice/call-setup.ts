// Call set-up negotiation: the caller sends HELLO with a bit per line encoding it can use
// (1 DTMF, 2 FSK), in DTMF; the IVR answers SELECT with the encoding both will use from then on.
import type { ControlFrame } from '../framing/frame.ts';
import { MODE_DIGITS, type VoiceMode } from './symbol-modem.ts';

/** The HELLO a caller able to use `modes` sends. */
export function helloFrame(modes: readonly VoiceMode[]): ControlFrame {
  const value = modes.reduce((bits, mode) => bits | MODE_DIGITS[mode], MODE_DIGITS.dtmf);
  return { kind: 'control', type: 'hello', value };
}

/** The encodings named in a HELLO's capability digit (DTMF is always among them). */
export function helloModes(value: number): VoiceMode[] {
  return (Object.keys(MODE_DIGITS) as VoiceMode[]).filter(
    (mode) => mode === 'dtmf' || (value & MODE_DIGITS[mode]) !== 0,
  );
}

/** The IVR's choice: the fastest encoding both ends have. */
export function chooseMode(
  offered: readonly VoiceMode[],
  available: readonly VoiceMode[],
): VoiceMode {
  return offered.includes('fsk') && available.includes('fsk') ? 'fsk' : 'dtmf';
}

/** The SELECT frame for a mode. */
export function selectFrame(mode: VoiceMode): ControlFrame {
  return { kind: 'control', type: 'select', value: MODE_DIGITS[mode] };
}

/** The mode a SELECT names, or undefined for an unknown digit. */
export function selectedMode(frame: ControlFrame): VoiceMode | undefined {
  return (Object.keys(MODE_DIGITS) as VoiceMode[]).find((m) => MODE_DIGITS[m] === frame.value);
}
