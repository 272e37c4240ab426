// Entry point of the `simpay` command: global help and version, dispatch to a subcommand, and the
// mapping of errors to one line on stderr and an exit code.
import { readFileSync } from 'node:fs';
import { DecodeError } from '../protocol/bytes/index.ts';
import { CliError, UsageError, type CliIo } from './command.ts';
import { commands } from './commands.ts';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 70;

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function globalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'simpay: SIM, smart-card and voice-channel payment simulator',
    '',
    'Usage: simpay <command> [options]',
    '       simpay <command> --help',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show this help',
    '  -V, --version  print the version',
    '',
  ].join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      io.stdout(globalHelp());
      return first === undefined ? EXIT_USAGE : 0;
    }
    return main([topic, '--help'], io);
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`simpay ${version()}\n`);
    return 0;
  }
  const entry = commands.find((c) => c.name === first);
  if (!entry) {
    io.stderr(`simpay: unknown command '${first}' (try 'simpay --help')\n`);
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(entry.name, error, io);
  }
}

function reportError(name: string, error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.stderr(`simpay ${name}: ${error.message} (see 'simpay ${name} --help')\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CliError || error instanceof DecodeError) {
    io.stderr(`simpay ${name}: ${error.message}\n`);
    return EXIT_FAILURE;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`simpay ${name}: internal error: ${message}\n`);
  if (process.env['SIMPAY_DEBUG'] && error instanceof Error && error.stack)
    io.stderr(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

/** The real process edges. */
export function nodeIo(): CliIo {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  // A reader that stops early (`simpay trace --read F | head`) closes the pipe: end quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      const all = Buffer.concat(chunks);
      return new Uint8Array(all.buffer, all.byteOffset, all.length);
    },
    signal: controller.signal,
  };
}
