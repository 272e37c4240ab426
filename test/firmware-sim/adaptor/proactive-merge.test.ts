// Pure rules of the proactive merge (TS 102 221 §14.6.1 91xx, §11.2.3 FETCH, TS 102 223 §6.8
// TERMINAL RESPONSE matched by command details).
import { describe, expect, it } from 'vitest';
import type { DisplayText } from '../../../protocol/cat/index.ts';
import {
  announce,
  enqueue,
  fetchSource,
  INITIAL_MERGE,
  ownAnswered,
  ownDone,
  simFetched,
  takeOwn,
} from '../../../firmware-sim/adaptor/proactive-merge.ts';

const text: DisplayText = {
  type: 'displayText',
  commandNumber: 9,
  highPriority: false,
  waitForUser: false,
  text: { coding: 'gsm8', text: 'hi' },
  immediateResponse: false,
};

describe('proactive merge', () => {
  it('keeps 9000 when nothing is queued and turns it into 91xx when the adaptor has a command', () => {
    expect(announce(INITIAL_MERGE, 0x9000).sw).toBe(0x9000);
    const queued = enqueue(INITIAL_MERGE, 'app', text);
    const length = queued.queue[0]!.bytes.length;
    expect(announce(queued, 0x9000).sw).toBe(0x9100 | length);
  });

  it('numbers commands 1 to 254 and back to 1', () => {
    let state = { ...INITIAL_MERGE, nextNumber: 0xfe };
    state = enqueue(state, 'app', text);
    state = enqueue(state, 'app', text);
    expect(state.queue.map((c) => c.command.commandNumber)).toEqual([0xfe, 1]);
  });

  it('keeps the card 91xx, fetches the card command first, then announces its own', () => {
    const queued = enqueue(INITIAL_MERGE, 'app', text);
    const carded = announce(queued, 0x9120);
    expect(carded.sw).toBe(0x9120);
    expect(fetchSource(carded.state)).toBe('sim');
    expect(announce(carded.state, 0x9000).sw).toBe(0x9120);
    const fetched = simFetched(carded.state);
    expect(fetchSource(fetched)).toBe('own');
  });

  it('routes a TERMINAL RESPONSE by command number and type', () => {
    const { state } = takeOwn(enqueue(INITIAL_MERGE, 'app', text));
    expect(ownAnswered(state, { commandNumber: 1, commandType: 0x21, qualifier: 0 })?.owner).toBe(
      'app',
    );
    expect(
      ownAnswered(state, { commandNumber: 1, commandType: 0x23, qualifier: 0 }),
    ).toBeUndefined();
    expect(
      ownAnswered(state, { commandNumber: 2, commandType: 0x21, qualifier: 0 }),
    ).toBeUndefined();
    expect(
      ownAnswered(ownDone(state), { commandNumber: 1, commandType: 0x21, qualifier: 0 }),
    ).toBeUndefined();
  });

  it('announces nothing of its own while its previous command is unanswered', () => {
    const taken = takeOwn(enqueue(enqueue(INITIAL_MERGE, 'app', text), 'app', text)).state;
    expect(announce(taken, 0x9000).sw).toBe(0x9000);
    expect(fetchSource(taken)).toBe('sim');
    expect(announce(ownDone(taken), 0x9000).sw >> 8).toBe(0x91);
  });
});
