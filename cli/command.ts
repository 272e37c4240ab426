// What every subcommand file exports, and the option parsing they share: strict options,
// `--help` everywhere, and one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The process edges a command may touch, injectable so commands run in tests without spawning. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** All of standard input, for commands that accept `-`. */
  readonly readStdin: () => Promise<Uint8Array>;
  /** Set when the user interrupts (SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
}

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text: usage line(s), options, examples. */
  readonly help: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** Bad arguments: printed as one line after the command name; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can act on (file not found, reader missing): one line; exit code 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** parseArgs in strict mode with `--help` added; unknown or malformed options become UsageError. */
export function parseOptions<T extends OptionSpec>(
  argv: readonly string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({
      args: joinNegativeNumbers(argv, options),
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
}

/**
 * Lets a string option take a negative number as a separate word (`--level-dbm0 -20`), which
 * parseArgs would otherwise read as an unknown option: such pairs are joined into `--name=-20`.
 */
function joinNegativeNumbers(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : shortName(arg, options);
    if (
      name !== undefined &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d*\.?\d/.test(next)
    ) {
      out.push(`--${name}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function shortName(arg: string, options: OptionSpec): string | undefined {
  if (!/^-[A-Za-z]$/.test(arg)) return undefined;
  return Object.keys(options).find((name) => options[name]?.short === arg.slice(1));
}

/** Reads a decimal integer option within bounds, or throws a UsageError naming the option. */
export function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value.trim()))
    throw new UsageError(`--${name} must be a whole number, got '${value}'`);
  const n = Number(value);
  if (n < min || n > max)
    throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Reads a decimal number option within bounds. */
export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number, got '${value}'`);
  if (n < min || n > max)
    throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}
