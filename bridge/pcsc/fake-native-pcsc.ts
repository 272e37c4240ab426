// A stand-in for @pokusew/pcsclite with the same events and callbacks (pcsc-lite pcsclite.h state
// bits and return codes), so the PC/SC bridge runs without pcscd: readers appear and vanish, cards
// are inserted and removed, and a card's answers come from a function.
import { EventEmitter } from 'node:events';
import type { NativePcsc, NativeReader } from './pcsc-library.ts';

/** pcsclite.h values. */
const STATE_EMPTY = 0x10;
const STATE_PRESENT = 0x20;

/** A fake reader; `insert`/`remove` drive its status like pcscd's SCardGetStatusChange. */
export class FakeNativeReader extends EventEmitter implements NativeReader {
  readonly SCARD_SHARE_SHARED = 2;
  readonly SCARD_SHARE_EXCLUSIVE = 1;
  readonly SCARD_PROTOCOL_T0 = 1;
  readonly SCARD_PROTOCOL_T1 = 2;
  readonly SCARD_STATE_PRESENT = STATE_PRESENT;
  readonly SCARD_STATE_MUTE = 0x200;
  readonly SCARD_STATE_EXCLUSIVE = 0x80;
  readonly SCARD_STATE_INUSE = 0x100;
  readonly SCARD_LEAVE_CARD = 0;
  readonly SCARD_RESET_CARD = 1;
  readonly SCARD_UNPOWER_CARD = 2;
  connected = false;
  closed = false;
  /** Answers a transmitted TPDU; undefined = never answer (a hung reader). */
  card: ((bytes: Uint8Array) => Uint8Array | undefined) | undefined;

  constructor(readonly name: string) {
    super();
  }

  insert(atr: Uint8Array, card: (bytes: Uint8Array) => Uint8Array | undefined): void {
    this.card = card;
    this.emit('status', { state: STATE_PRESENT, atr: Buffer.from(atr) });
  }

  remove(): void {
    this.card = undefined;
    this.connected = false;
    this.emit('status', { state: STATE_EMPTY });
  }

  connect(
    _options: { share_mode: number; protocol: number },
    cb: (e: unknown, p: number) => void,
  ): void {
    setImmediate(() => {
      if (this.card === undefined)
        return cb(new Error('SCardConnect error: No smart card inserted.(0x8010000c)'), 0);
      this.connected = true;
      cb(null, this.SCARD_PROTOCOL_T0);
    });
  }

  disconnect(_disposition: number, cb: (e: unknown) => void): void {
    this.connected = false;
    setImmediate(() => cb(null));
  }

  transmit(
    data: Buffer,
    _len: number,
    _protocol: number,
    cb: (e: unknown, r: Buffer) => void,
  ): void {
    setImmediate(() => {
      if (this.card === undefined) {
        return cb(new Error('SCardTransmit error: Card was removed.(0x80100069)'), Buffer.alloc(0));
      }
      const answer = this.card(new Uint8Array(data));
      if (answer !== undefined) cb(null, Buffer.from(answer));
    });
  }

  close(): void {
    this.closed = true;
  }
}

/** A fake PC/SC context; `addReader` announces a reader as pcscd's PnP notification does. */
export class FakeNativePcsc extends EventEmitter implements NativePcsc {
  closed = false;

  addReader(name: string): FakeNativeReader {
    const reader = new FakeNativeReader(name);
    this.emit('reader', reader);
    reader.emit('status', { state: STATE_EMPTY });
    return reader;
  }

  /** Like pcsclite: closing makes the monitoring thread report "Command cancelled". */
  close(): void {
    this.closed = true;
    setImmediate(() =>
      this.emit('error', new Error('SCardGetStatusChange error: Command cancelled.(0x80100002)')),
    );
  }
}
