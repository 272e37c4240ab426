// The voice application's keypad encoder against the voice command table: what it encodes, the
// IVR's decoder reads back (ITU-T Q.23 keys, fields framed with * and ended with #).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeKeypadRequest } from '../../../modem/keypad/keypad-codec.ts';
import { parseCommandTable } from '../../../modem/voice/command-table.ts';
import { keypadVoiceEncoder, minorUnits } from '../../../firmware-sim/adaptor/index.ts';

const table = parseCommandTable(
  JSON.parse(
    readFileSync(new URL('../../../fixtures/voice/commands.json', import.meta.url), 'utf8'),
  ),
);

describe('keypad voice encoder', () => {
  it.each([
    ['20', 2000],
    ['$35.5', 3550],
    ['35.50', 3550],
    ['0.07', 7],
  ])('reads %s as %i minor units', (text, minor) => {
    expect(minorUnits(text)).toBe(minor);
  });

  it('encodes PAY as a payRequest the IVR decodes back', () => {
    const encoder = keypadVoiceEncoder(table, '+4085551234');
    const digits = encoder.keypadMessage({
      keyword: 'PAY',
      amount: '20.50',
      target: '4085551212',
      pin: '8642',
    });
    expect(digits).toMatch(/^[0-9*#]+#$/);
    const request = decodeKeypadRequest(table, digits);
    expect(request.commandId).toBe(10);
    expect(request.params).toMatchObject({ 1: '4085551234', 2: '4085551212', 3: 2050, 4: '8642' });
  });

  it('encodes BALANCE as a balance request', () => {
    const encoder = keypadVoiceEncoder(table, '4085551234');
    const digits = encoder.keypadMessage({ keyword: 'BALANCE', pin: '1234' });
    expect(decodeKeypadRequest(table, digits)).toEqual({
      commandId: 20,
      params: { 1: '4085551234', 2: '1234' },
    });
  });
});
