// A pseudo-terminal pair made by socat: the user's end appears at a chosen path (a symlink to
// /dev/pts/N) for tools such as gammu, and our end is opened with serialport.
import { spawn, type ChildProcess } from 'node:child_process';

/** A running pty pair. */
export interface PtyPair {
  /** The path the user's tool opens (the symlink asked for). */
  readonly userPath: string;
  /** The device our side opens. */
  readonly ownPath: string;
  close(): Promise<void>;
}

/** Thrown when socat is missing or does not report two ptys in time. */
export class PtyError extends Error {
  override readonly name = 'PtyError';
  constructor(
    readonly code: 'PTY_SOCAT_MISSING' | 'PTY_TIMEOUT' | 'PTY_EXITED',
    message: string,
  ) {
    super(message);
  }
}

const PTY_LINE = /PTY is (\S+)/g;

/** Starts `socat -d -d pty,raw,echo=0,link=PATH pty,raw,echo=0`; resolves once both ptys exist. */
export function openPtyPair(userPath: string, timeoutMs = 5000): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${userPath}`, 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new PtyError('PTY_TIMEOUT', `socat did not open two ptys within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new PtyError('PTY_SOCAT_MISSING', `cannot run socat: ${error.message}`));
    });
    const exited = (code: number | null): void => {
      clearTimeout(timer);
      const last = text.trim().split('\n').pop() ?? '';
      reject(new PtyError('PTY_EXITED', `socat exited (${code ?? 'signal'}): ${last}`));
    };
    child.once('exit', exited);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const found = [...text.matchAll(PTY_LINE)].map((m) => m[1]!);
      if (found.length < 2 || !text.includes('starting data transfer loop')) return;
      clearTimeout(timer);
      child.removeListener('exit', exited);
      resolve({ userPath, ownPath: found[1]!, close: () => stop(child) });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
