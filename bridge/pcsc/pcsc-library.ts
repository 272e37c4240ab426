// Loading the optional native PC/SC binding (@pokusew/pcsclite over pcsc-lite's libpcsclite) only
// when a command needs it, after checking that pcscd answers on its socket: the binding's context
// set-up loops for as long as pcscd is absent, so it must never be reached without pcscd.
import { connect } from 'node:net';
import { TransportError } from '../../firmware-sim/transport-error.ts';

/** pcsc-lite's client socket (pcscd 1.9 compiled-in ipcdir, overridable as libpcsclite does). */
export const PCSCD_SOCKET_PATH = process.env['PCSCLITE_CSOCK_NAME'] ?? '/run/pcscd/pcscd.comm';

/** The parts of @pokusew/pcsclite's CardReader used here. */
export interface NativeReader {
  readonly name: string;
  readonly connected: boolean;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_STATE_EXCLUSIVE: number;
  readonly SCARD_STATE_INUSE: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  on(event: 'end', listener: () => void): void;
  connect(
    options: { share_mode: number; protocol: number },
    cb: (error: unknown, protocol: number) => void,
  ): void;
  disconnect(disposition: number, cb: (error: unknown) => void): void;
  transmit(
    data: Buffer,
    resLen: number,
    protocol: number,
    cb: (e: unknown, r: Buffer) => void,
  ): void;
  close(): void;
}

/** The parts of @pokusew/pcsclite's PCSCLite used here. */
export interface NativePcsc {
  on(event: 'reader', listener: (reader: NativeReader) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  close(): void;
}

type PcscFactory = () => NativePcsc;

const unavailable = (why: string, cause?: unknown): TransportError =>
  new TransportError('PCSC_UNAVAILABLE', `PC/SC unavailable: ${why}`, { cause });

/** Resolves when pcscd accepts a connection on `path`; PCSC_UNAVAILABLE otherwise. */
export function probePcscd(path = PCSCD_SOCKET_PATH, timeoutMs = 2000): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const fail = (cause?: unknown): void => {
      socket.destroy();
      reject(
        unavailable(
          'start pcscd (apt-get install pcscd; then pcscd or systemctl start pcscd.socket)',
          cause,
        ),
      );
    };
    const timer = setTimeout(fail, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
  });
}

let factory: Promise<PcscFactory> | undefined;

/** Imports the binding once; PCSC_UNAVAILABLE with what to install when it cannot be loaded. */
export function loadPcscBinding(): Promise<PcscFactory> {
  factory ??= import('@pokusew/pcsclite').then(
    (module: { default: unknown }) => module.default as PcscFactory,
    (error: unknown) => {
      factory = undefined;
      throw unavailable(
        'the @pokusew/pcsclite module is missing or not built (apt-get install libpcsclite-dev; npm install @pokusew/pcsclite)',
        error,
      );
    },
  );
  return factory;
}

/** Checks pcscd, loads the binding and creates a PC/SC context. */
export async function createNativePcsc(socketPath = PCSCD_SOCKET_PATH): Promise<NativePcsc> {
  await probePcscd(socketPath);
  const create = await loadPcscBinding();
  try {
    return create();
  } catch (error) {
    throw unavailable(`pcscd refused a context (${(error as Error).message})`, error);
  }
}
