// The serial port under a Phoenix/Smartmouse reader, through `serialport`: open at the card's
// character frame (ISO/IEC 7816-3 §7.1: 8 data bits, even parity, 2 stop bits at 9600 baud for
// F = 372, D = 1 and a 3.5712 MHz clock), modem lines, bytes as Uint8Array, TransportError faults.
import { SerialPort } from 'serialport';
import { TransportError } from '../../firmware-sim/transport-error.ts';

/** One serial line, bytes in and out. */
export interface SerialLine {
  write(bytes: Uint8Array): Promise<void>;
  /** Sets modem control lines (RTS, DTR). */
  setLines(lines: { readonly rts?: boolean; readonly dtr?: boolean }): Promise<void>;
  /** Drops bytes received and not yet read (tcflush). */
  flush(): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Called once when the line closes or fails (the device went away). */
  onClose(listener: (error: TransportError) => void): void;
  close(): Promise<void>;
}

export interface SerialLineOptions {
  readonly baudRate?: number;
}

/** Opens `path` at 9600 8E2 (or `baudRate`). Rejects with SERIAL_OPEN_FAILED. */
export function openSerialLine(path: string, options: SerialLineOptions = {}): Promise<SerialLine> {
  const port = new SerialPort({
    path,
    baudRate: options.baudRate ?? 9600,
    dataBits: 8,
    parity: 'even',
    stopBits: 2,
    autoOpen: false,
  });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) {
        reject(
          new TransportError('SERIAL_OPEN_FAILED', `cannot open ${path}: ${error.message}`, {
            cause: error,
          }),
        );
      } else resolve(adapt(port, path));
    });
  });
}

function adapt(port: SerialPort, path: string): SerialLine {
  let closing = false;
  const closeListeners: ((e: TransportError) => void)[] = [];
  let closed: TransportError | undefined;
  const fail = (cause?: unknown): void => {
    if (closed !== undefined) return;
    closed = new TransportError('SERIAL_CLOSED', `serial line ${path} closed`, { cause });
    for (const l of closeListeners) l(closed);
  };
  port.on('close', (error: unknown) => fail(error));
  port.on('error', (error: unknown) => fail(error));
  const call = (what: string, run: (cb: (e: Error | null | undefined) => void) => void) =>
    new Promise<void>((resolve, reject) => {
      if (closed !== undefined) return reject(closed);
      run((e) =>
        e
          ? reject(
              new TransportError('SERIAL_CLOSED', `${what} on ${path}: ${e.message}`, { cause: e }),
            )
          : resolve(),
      );
    });
  return {
    write: (bytes) =>
      call('write', (cb) => {
        port.write(Buffer.from(bytes), (e) => (e ? cb(e) : port.drain(cb)));
      }),
    setLines: (lines) => call('setting modem lines', (cb) => port.set({ ...lines }, cb)),
    flush: () => call('flush', (cb) => port.flush(cb)),
    onData: (listener) => port.on('data', (b: Buffer) => listener(new Uint8Array(b))),
    onClose: (listener) => {
      if (closed !== undefined) listener(closed);
      else closeListeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (closing || !port.isOpen) return resolve();
        closing = true;
        port.close(() => resolve());
      }),
  };
}
