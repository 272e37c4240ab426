// The operating system's event chain: applications registered for an event are called in order,
// pre-SIM call-outs may answer or replace the command, the card is always last, post-SIM call-outs
// run before the handset regains control, and disabled applications are skipped.
import { describe, expect, it } from 'vitest';
import { commandApdu, responseApdu, type CommandApdu } from '../../../protocol/iso7816/apdu.ts';
import {
  adaptorConfig,
  createAdaptorCore,
  memoryStorage,
  type AdaptorApplication,
  type AdaptorStorage,
} from '../../../firmware-sim/adaptor/index.ts';
import { engine, TEST_SETTINGS } from './support.ts';

function recordingCard(calls: string[]) {
  return {
    reset: () => Promise.resolve(Uint8Array.of(0x3b)),
    transmit: (apdu: CommandApdu) => {
      calls.push(`card ${apdu.ins.toString(16)} p1=${apdu.p1}`);
      return Promise.resolve(responseApdu(0x9000, Uint8Array.of(apdu.p1)));
    },
  };
}

function app(
  name: 'generator' | 'voice',
  calls: string[],
  behaviour: Partial<AdaptorApplication>,
): AdaptorApplication {
  return {
    name,
    events: ['handset.apdu', 'card.response', 'device.ring'],
    beforeCard: (c) => {
      calls.push(`${name} before p1=${c.apdu.p1}`);
      return { kind: 'pass' };
    },
    afterCard: (_c, r) => {
      calls.push(`${name} after`);
      return r;
    },
    ...behaviour,
  };
}

const core = (
  apps: AdaptorApplication[],
  calls: string[],
  storage: AdaptorStorage = memoryStorage(TEST_SETTINGS),
) =>
  createAdaptorCore({
    sim: recordingCard(calls),
    storage,
    cipher: engine,
    config: adaptorConfig(TEST_SETTINGS),
    applications: apps,
  });

describe('event chain', () => {
  it('calls pre-SIM call-outs in order, the card last, then post-SIM call-outs', async () => {
    const calls: string[] = [];
    const c = core(
      [
        app('generator', calls, {
          beforeCard: (cmd) => {
            calls.push('generator before');
            return { kind: 'replace', apdu: { ...cmd.apdu, p1: 7 } };
          },
        }),
        app('voice', calls, {
          afterCard: (_cmd, r) => {
            calls.push('voice after');
            return { ...r, data: Uint8Array.of(0x42) };
          },
        }),
      ],
      calls,
    );
    await c.load();
    await c.reset();
    const out = await c.exchange(commandApdu(0x00, 0xb0, 1, 0, new Uint8Array(0), 1));
    expect(calls).toEqual([
      'generator before',
      'voice before p1=7',
      'card b0 p1=7',
      'generator after',
      'voice after',
    ]);
    expect(Array.from(out.response.data)).toEqual([0x42]);
    expect(out.toCard?.p1).toBe(7);
  });

  it('stops the chain when a call-out answers: the card never sees the command', async () => {
    const calls: string[] = [];
    const c = core(
      [
        app('generator', calls, {
          beforeCard: () => ({ kind: 'answer', response: responseApdu(0x6a82) }),
        }),
        app('voice', calls, {}),
      ],
      calls,
    );
    await c.load();
    const out = await c.exchange(commandApdu(0x00, 0xb0, 1, 0, new Uint8Array(0), 1));
    expect(out.response.sw).toBe(0x6a82);
    expect(out.toCard).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('skips a disabled application and runs device events through the registered ones', async () => {
    const calls: string[] = [];
    const ring = (name: string) => () => void calls.push(`${name} ring`);
    const storage = memoryStorage({
      ...TEST_SETTINGS,
      applications: { generator: true, voice: false },
    });
    const c = core(
      [
        app('generator', calls, { onRing: ring('generator') }),
        app('voice', calls, { onRing: ring('voice') }),
      ],
      calls,
      storage,
    );
    await c.load();
    await c.exchange(commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 1));
    await c.device({ type: 'device.ring', caller: '+4085550200' });
    expect(calls).toEqual([
      'generator before p1=0',
      'card b0 p1=0',
      'generator after',
      'generator ring',
    ]);
  });

  it('fails the command when the settings cannot be saved', async () => {
    const calls: string[] = [];
    const broken: AdaptorStorage = {
      load: () => Promise.resolve(TEST_SETTINGS),
      save: () => Promise.reject(new Error('flash worn out')),
    };
    const c = core(
      [
        app('generator', calls, {
          beforeCard: (_cmd, api) => (api.updateSettings((s) => s), { kind: 'pass' }),
        }),
      ],
      calls,
      broken,
    );
    await c.load();
    await expect(
      c.exchange(commandApdu(0x00, 0xb0, 0, 0, new Uint8Array(0), 1)),
    ).rejects.toMatchObject({
      code: 'ADAPTOR_STORAGE_FAILED',
    });
  });
});
