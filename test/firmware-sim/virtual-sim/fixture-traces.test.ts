// The composed traces of fixtures/apdu/ replayed against the fixture profiles, at APDU level and
// through the T=0 byte-level card (ISO/IEC 7816-3 §10.3): the card answers byte for byte as written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeCommandApdu, encodeResponseApdu } from '../../../protocol/iso7816/apdu.ts';
import { parseApduTrace, type TraceEntry } from '../../../protocol/trace/index.ts';
import { byteLevelCard } from '../../../firmware-sim/virtual-sim/byte-level-card.ts';
import type { VirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { fixtureSim } from './sim-driver.ts';

const SEND_SMS =
  'd028810301130082028183850753656e64696e678b1401000a910458552121000009f4f29c0ea297f174';

function trace(name: string): TraceEntry[] {
  const url = new URL(`../../../fixtures/apdu/${name}.trace`, import.meta.url);
  return parseApduTrace(readFileSync(url, 'utf8'));
}

function replayApdus(sim: VirtualSim, entries: readonly TraceEntry[]): void {
  for (const entry of entries) {
    if (entry.kind === 'atr') {
      expect(toHex(sim.reset())).toBe(toHex(entry.atr));
      continue;
    }
    const response = sim.handleApdu(decodeCommandApdu(entry.command));
    expect(toHex(encodeResponseApdu(response)), toHex(entry.command)).toBe(toHex(entry.response));
  }
}

function replayBytes(sim: VirtualSim, entries: readonly TraceEntry[]): void {
  const card = byteLevelCard(sim);
  for (const entry of entries) {
    if (entry.kind === 'atr') {
      expect(toHex(card.reset())).toBe(toHex(entry.atr));
      continue;
    }
    const header = entry.command.subarray(0, 5);
    let out = card.receive(header);
    if (entry.command.length > 5) {
      expect(out[0]).toBe(header[1]);
      out = card.receive(entry.command.subarray(5));
    } else if (out.length > 2) {
      expect(out[0]).toBe(header[1]);
      out = out.subarray(1);
    }
    expect(toHex(out), toHex(entry.command)).toBe(toHex(entry.response));
  }
}

describe('fixture traces', () => {
  it('handset-start-up.trace against the 2G profile, at APDU and byte level', () => {
    replayApdus(fixtureSim('sim-2g'), trace('handset-start-up'));
    replayBytes(fixtureSim('sim-2g'), trace('handset-start-up'));
  });

  it('update-record-ef-sms.trace against the 2G profile, at APDU and byte level', () => {
    replayApdus(fixtureSim('sim-2g'), trace('update-record-ef-sms'));
    replayBytes(fixtureSim('sim-2g'), trace('update-record-ef-sms'));
  });

  it('send-short-message.trace when the card issues that command itself', () => {
    for (const replay of [replayApdus, replayBytes]) {
      const sim = fixtureSim('test-sim', { proactiveCommands: [SEND_SMS] });
      expect(
        toHex(
          encodeResponseApdu(
            sim.handleApdu(decodeCommandApdu(fromHex('80100000 01ff'.replace(' ', '')))),
          ),
        ),
      ).toBe('912a');
      replay(sim, trace('send-short-message'));
    }
  });
});
