import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../../server/payments/keyed-mutex.ts';

describe('KeyedMutex', () => {
  it('runs tasks of one key in order and tasks of other keys alongside', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = mutex.run(['a'], async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const a2 = mutex.run(['a'], async () => void log.push('a2'));
    const b = mutex.run(['b'], async () => void log.push('b'));
    await b;
    expect(log).toEqual(['a1 start', 'b']);
    release();
    await Promise.all([a1, a2]);
    expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
  });

  it('waits for every key of a multi-key task and survives a failing task', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const failing = mutex.run(['a'], async () => {
      throw new Error('boom');
    });
    const both = mutex.run(['b', 'a'], async () => void log.push('ab'));
    await expect(failing).rejects.toThrow('boom');
    await both;
    expect(log).toEqual(['ab']);
  });
});
