import { describe, expect, it } from 'vitest';
import { corkForTurn, type Corkable } from '../../../server/rpc/server.ts';

/** A socket that records cork, uncork and writes in order. */
function recordingSocket() {
  const log: string[] = [];
  const socket: Corkable & { write(text: string): void } = {
    cork: () => void log.push('cork'),
    uncork: () => void log.push('uncork'),
    write: (text) => void log.push(text),
  };
  return { socket, log };
}

describe('frames of one turn leave together', () => {
  it('uncorks only after the replies resolved in the same turn were written', async () => {
    const { socket, log } = recordingSocket();
    let done = false;
    corkForTurn(socket, () => void (done = true));
    socket.write('reply 1');
    const resolved = Promise.resolve().then(() => socket.write('reply 2'));
    void resolved.then(() => socket.write('reply 3'));
    expect(log).toEqual(['cork', 'reply 1']);
    expect(done).toBe(false);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(log).toEqual(['cork', 'reply 1', 'reply 2', 'reply 3', 'uncork']);
    expect(done).toBe(true);
  });

  it('tells the caller it is uncorked before the socket flushes', async () => {
    const { socket } = recordingSocket();
    const order: string[] = [];
    corkForTurn({ cork: () => socket.cork(), uncork: () => void order.push('uncork') }, () =>
      order.push('done'),
    );
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(order).toEqual(['done', 'uncork']);
  });
});
