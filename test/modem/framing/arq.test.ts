import { describe, expect, it } from 'vitest';
import { arqStart, arqStep, type ArqEvent, type ArqState } from '../../../modem/framing/arq.ts';

const config = { maxAttempts: 3, replyTimeoutMs: 2000 };

function run(events: ArqEvent[]): { state: ArqState; actions: string[] } {
  let { state, action } = arqStart();
  const actions = [action as string];
  for (const event of events) {
    ({ state, action } = arqStep(state, event, config));
    actions.push(action);
  }
  return { state, actions };
}

describe('stop-and-wait ARQ', () => {
  it('succeeds on the first reply', () => {
    const { state, actions } = run([{ type: 'transmitted', nowMs: 500 }, { type: 'reply' }]);
    expect(actions).toEqual(['transmit', 'wait', 'succeed']);
    expect(state).toMatchObject({ phase: 'done', attempts: 1, retransmissions: 0 });
  });

  it('resends on NAK and on a damaged reply', () => {
    const { state, actions } = run([
      { type: 'transmitted', nowMs: 500 },
      { type: 'nak' },
      { type: 'transmitted', nowMs: 1500 },
      { type: 'damaged' },
      { type: 'transmitted', nowMs: 2500 },
      { type: 'reply' },
    ]);
    expect(actions).toEqual([
      'transmit',
      'wait',
      'transmit',
      'wait',
      'transmit',
      'wait',
      'succeed',
    ]);
    expect(state).toMatchObject({
      phase: 'done',
      attempts: 3,
      retransmissions: 2,
      reason: 'damaged',
    });
  });

  it('resends when the reply is lost, measuring the timeout from the end of transmission', () => {
    const { actions } = run([
      { type: 'tick', nowMs: 100_000 },
      { type: 'transmitted', nowMs: 1000 },
      { type: 'tick', nowMs: 2999 },
      { type: 'tick', nowMs: 3000 },
    ]);
    expect(actions).toEqual(['transmit', 'wait', 'wait', 'wait', 'transmit']);
  });

  it('ignores NAK and damage heard while still transmitting', () => {
    const { actions } = run([{ type: 'nak' }, { type: 'damaged' }]);
    expect(actions).toEqual(['transmit', 'wait', 'wait']);
  });

  it('gives up after the bounded number of attempts and stays failed', () => {
    const { state, actions } = run([
      { type: 'transmitted', nowMs: 0 },
      { type: 'tick', nowMs: 2000 },
      { type: 'transmitted', nowMs: 3000 },
      { type: 'nak' },
      { type: 'transmitted', nowMs: 4000 },
      { type: 'tick', nowMs: 6000 },
      { type: 'reply' },
    ]);
    expect(actions).toEqual([
      'transmit',
      'wait',
      'transmit',
      'wait',
      'transmit',
      'wait',
      'fail',
      'fail',
    ]);
    expect(state).toMatchObject({ phase: 'failed', attempts: 3, reason: 'timeout' });
  });
});
