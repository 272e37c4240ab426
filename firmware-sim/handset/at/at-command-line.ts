// ITU-T V.250 §5.2-§5.4 command lines: `AT`, then basic commands (`E0`, `I`, `D123;`, `H`) and
// extended commands (`+CMGF=0`, `+CPIN?`, `+CSCS=?`) separated by `;`, with quoted string values.
import { DecodeError } from '../../../protocol/bytes/index.ts';

/** How an extended command was written (V.250 §5.3): action, set, read (`?`) or test (`=?`). */
export type AtForm = 'exec' | 'set' | 'read' | 'test';

/** One command of a line. `name` is upper case: `E`, `I`, `D`, `+CMGS`. */
export interface AtCommand {
  readonly name: string;
  readonly form: AtForm;
  /** Basic commands: the text after the letter (`0` of `E0`, the dial string of `D`). */
  readonly value: string;
  /** Extended set commands: the values, quoted strings unquoted. */
  readonly args: readonly string[];
}

/** Longest command line accepted (V.250 §5.2.1 asks for at least 40 characters). */
export const MAX_LINE = 2048;

/** Splits `AT...` into its commands. DecodeError `AT_SYNTAX` when malformed. */
export function parseCommandLine(line: string): AtCommand[] {
  if (line.length > MAX_LINE) throw new DecodeError('AT_SYNTAX', MAX_LINE, 'command line too long');
  const trimmed = line.trim();
  if (!/^AT/i.test(trimmed)) throw new DecodeError('AT_SYNTAX', 0, 'a command line starts with AT');
  const commands: AtCommand[] = [];
  let rest = trimmed.slice(2);
  while (rest.length > 0) {
    if (rest.startsWith(';')) {
      rest = rest.slice(1);
      continue;
    }
    const [command, remaining] =
      rest[0] === '+' ||
      rest[0] === '^' ||
      rest[0] === '*' ||
      rest[0] === '#' ||
      rest[0] === '%' ||
      rest[0] === '$'
        ? extended(rest)
        : basic(rest);
    commands.push(command);
    rest = remaining;
  }
  return commands;
}

function basic(text: string): [AtCommand, string] {
  const letter = text[0]!.toUpperCase();
  if (letter === 'D') {
    const end = text.indexOf(';');
    const value = end < 0 ? text.slice(1) : text.slice(1, end + 1);
    return [
      { name: 'D', form: 'exec', value: value.trim(), args: [] },
      end < 0 ? '' : text.slice(end + 1),
    ];
  }
  const prefix = letter === '&' || letter === '\\' ? text.slice(0, 2).toUpperCase() : letter;
  const after = text.slice(prefix.length);
  if (!/^[A-Z&\\]/i.test(letter)) throw new DecodeError('AT_SYNTAX', 0, `unexpected '${letter}'`);
  const match = /^(=\?|\?|=\d*|\d*)/.exec(after)!;
  const token = match[0];
  const form: AtForm =
    token === '?' ? 'read' : token === '=?' ? 'test' : token.startsWith('=') ? 'set' : 'exec';
  const value = token.replace(/^=/, '');
  return [
    { name: prefix, form, value, args: value === '' ? [] : [value] },
    after.slice(token.length),
  ];
}

function extended(text: string): [AtCommand, string] {
  const match = /^[+^*#%$][A-Z0-9!%\-./:_]+/i.exec(text);
  if (match === null) throw new DecodeError('AT_SYNTAX', 0, 'extended command without a name');
  const name = match[0].toUpperCase();
  let rest = text.slice(name.length);
  if (rest.startsWith('=?')) return [{ name, form: 'test', value: '', args: [] }, rest.slice(2)];
  if (rest.startsWith('?')) return [{ name, form: 'read', value: '', args: [] }, rest.slice(1)];
  if (!rest.startsWith('=')) return [{ name, form: 'exec', value: '', args: [] }, rest];
  rest = rest.slice(1);
  const args: string[] = [];
  let current = '';
  let i = 0;
  for (; i < rest.length; i++) {
    const ch = rest[i]!;
    if (ch === '"') {
      const close = rest.indexOf('"', i + 1);
      if (close < 0) throw new DecodeError('AT_SYNTAX', i, 'unterminated string');
      current += rest.slice(i + 1, close);
      i = close;
    } else if (ch === ',') {
      args.push(current.trim());
      current = '';
    } else if (ch === ';') {
      break;
    } else {
      current += ch;
    }
  }
  args.push(current.trim());
  const value = rest.slice(0, i);
  return [{ name, form: 'set', value, args }, rest.slice(i)];
}
