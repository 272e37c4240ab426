// Runs `simpay` in-process with captured output, for command tests that need no subprocess.
import { main } from '../../cli/main.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  argv: readonly string[],
  stdin: Uint8Array | string = '',
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const input = typeof stdin === 'string' ? new TextEncoder().encode(stdin) : stdin;
  const code = await main(argv, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => input,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
