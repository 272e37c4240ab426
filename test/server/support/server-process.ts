// Starts `simpay server` as a child process on a free 127.0.0.1 port for end-to-end tests.
import { spawn, type ChildProcess } from 'node:child_process';

export const PROCESS_TOKENS = {
  SIMPAY_PIN_PEPPER: 'pepper-for-process-tests-01',
  SIMPAY_OPERATOR_TOKEN: 'operator-token-process-001',
  SIMPAY_DEVICE_TOKEN: 'device-token-process-00001',
};

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  /** Resolves with the exit code (or signal name) once the process ended. */
  readonly exited: Promise<number | string>;
}

const bin = new URL('../../../bin/simpay.js', import.meta.url).pathname;

/** How the server process is started beyond its arguments. */
export interface ServerProcessOptions {
  /** Largest file the process may write, in KiB (the shell's `ulimit -f`): past it, writes fail. */
  readonly fileSizeLimitKiB?: number;
}

/** Spawns the server and resolves when it prints its address (bounded by the test timeout). */
export function startServerProcess(
  args: readonly string[],
  options: ServerProcessOptions = {},
): Promise<ServerProcess> {
  const command = [process.execPath, bin, 'server', '--port', '0', ...args];
  const limit = options.fileSizeLimitKiB;
  const [file, ...argv] =
    limit === undefined ? command : ['/bin/sh', '-c', `ulimit -f ${limit} && exec "$@"`, 'sh', ...command]; // prettier-ignore
  const child = spawn(file as string, argv, {
    env: { ...process.env, ...PROCESS_TOKENS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => void (out += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /listening on (ws:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], output: () => out, exited });
    });
    void exited.then((code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}
