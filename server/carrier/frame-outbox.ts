// The remote carrier link's batching, used by both ends (remote-protocol.ts): messages queued for
// one WebSocket in the same event-loop turn leave as one frame, or at once when a batch is full.
import type { WebSocket } from 'ws';
import {
  REMOTE_MAX_BATCH,
  writeFrame,
  type CarrierMessage,
  type HandsetMessage,
} from './remote-protocol.ts';

/** The messages waiting for one WebSocket; dropped when it is no longer open. */
export class FrameOutbox<M extends HandsetMessage | CarrierMessage> {
  private queue: M[] = [];

  constructor(private readonly ws: WebSocket) {}

  /** Queues `message`; the queue leaves at the end of this event-loop turn or when a batch is full. */
  push(message: M): void {
    this.queue.push(message);
    if (this.queue.length >= REMOTE_MAX_BATCH) this.flush();
    else if (this.queue.length === 1) setImmediate(() => this.flush());
  }

  /** Sends what is queued now (before a close). */
  flush(): void {
    const messages = this.queue;
    this.queue = [];
    if (messages.length > 0 && this.ws.readyState === this.ws.OPEN)
      this.ws.send(writeFrame(messages));
  }
}
