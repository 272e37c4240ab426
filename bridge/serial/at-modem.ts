// The emulated handset's AT modem on a pseudo-terminal: a socat pty pair, our end opened with
// serialport, bytes passed to the pure AT interpreter and its answers written back.
import { SerialPort } from 'serialport';
import { AtInterpreter } from '../../firmware-sim/handset/at/at-interpreter.ts';
import type { AtModemInfo } from '../../firmware-sim/handset/at/at-session.ts';
import type { AtUserPort } from '../../firmware-sim/handset/at/at-user.ts';
import type { HandsetClient } from '../../firmware-sim/handset/handset-client.ts';
import { openPtyPair } from './pty-pair.ts';

/** The identity the emulated modem reports; the IMEI is a test number with a valid check digit. */
export const SIMPAY_MODEM: AtModemInfo = {
  manufacturer: 'simpay',
  model: 'simpay emulated handset',
  revision: '0.1.0',
  imei: '490154203237518',
};

/** Options of {@link startAtModem}. */
export interface AtModemOptions {
  /** Path of the symlink the user's tool opens. */
  readonly path: string;
  readonly handset: HandsetClient;
  readonly info?: AtModemInfo;
  /** The user port answering the SIM's questions at this interface (AT+STGI / AT+STGR). */
  readonly user?: AtUserPort;
  /** Told about every command the interpreter does not know. */
  readonly onUnknown?: (command: string) => void;
}

/** A running modem. */
export interface AtModem {
  readonly path: string;
  close(): Promise<void>;
}

/** Opens the pty pair and serves AT commands until closed. */
export async function startAtModem(options: AtModemOptions): Promise<AtModem> {
  const pty = await openPtyPair(options.path);
  const port = new SerialPort({ path: pty.ownPath, baudRate: 115200, autoOpen: false });
  try {
    await new Promise<void>((resolve, reject) =>
      port.open((error) => (error ? reject(error) : resolve())),
    );
  } catch (error) {
    await pty.close();
    throw error;
  }
  const interpreter = new AtInterpreter(
    options.handset,
    options.info ?? SIMPAY_MODEM,
    {
      write: (text) => void port.write(Buffer.from(text, 'latin1')),
      ...(options.onUnknown === undefined ? {} : { unknown: options.onUnknown }),
    },
    options.user === undefined ? {} : { user: options.user },
  );
  port.on('data', (chunk: Buffer) => {
    interpreter.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
  });
  return {
    path: options.path,
    async close() {
      interpreter.close();
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      await pty.close();
    },
  };
}
