// The voice command table (CommandID, ResponseID, ParameterID with type and presence), loaded from
// parsed JSON (fixtures/voice/commands.json) and validated so that codecs can rely on it.
import { DecodeError } from '../../protocol/bytes/index.ts';

/** How a parameter value is carried: digits, integer minor units, or keypad-encoded text. */
export type ParamType = 'numeric' | 'alphanumeric' | 'amount';

/** One ParameterID of a command or response. */
export interface ParamSpec {
  readonly id: number;
  readonly name: string;
  readonly type: ParamType;
  readonly required: boolean;
  readonly maxLength: number;
}

/** One command (CommandID) or response (ResponseID) and its parameters, ordered by id. */
export interface MessageSpec {
  readonly id: number;
  readonly name: string;
  readonly params: readonly ParamSpec[];
}

/** The whole table: what the client and the IVR agree on before a call. */
export interface CommandTable {
  /** The number to dial to reach the IVR (ServerAddress). */
  readonly serverAddress: string;
  readonly commands: ReadonlyMap<number, MessageSpec>;
  readonly responses: ReadonlyMap<number, MessageSpec>;
}

/** Largest CommandID/ResponseID (carried as up to 4 digits). */
export const MAX_MESSAGE_ID = 9999;
/** ParameterIDs are carried as exactly 2 digits. */
export const MAX_PARAM_ID = 99;
const PARAM_TYPES: readonly string[] = ['numeric', 'alphanumeric', 'amount'];

function fail(code: string, message: string): never {
  throw new DecodeError(`VOICE_TABLE_${code}`, 0, message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function intIn(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    fail('BAD_NUMBER', `${what} must be a whole number from ${min} to ${max}`);
  return value;
}

function parseParam(raw: unknown, where: string): ParamSpec {
  if (!isRecord(raw)) fail('BAD_PARAM', `${where}: a parameter must be an object`);
  const id = intIn(raw['id'], 1, MAX_PARAM_ID, `${where} parameter id`);
  const name = raw['name'];
  const type = raw['type'];
  if (typeof name !== 'string' || name === '') fail('BAD_PARAM', `${where}.${id}: name missing`);
  if (typeof type !== 'string' || !PARAM_TYPES.includes(type))
    fail('BAD_PARAM', `${where}.${name}: type must be numeric, alphanumeric or amount`);
  if (typeof raw['required'] !== 'boolean')
    fail('BAD_PARAM', `${where}.${name}: required must be true or false`);
  const maxLength = intIn(raw['maxLength'], 1, 64, `${where}.${name} maxLength`);
  if (type === 'amount' && maxLength > 15)
    fail('BAD_PARAM', `${where}.${name}: an amount has at most 15 digits`);
  return { id, name, type: type as ParamType, required: raw['required'], maxLength };
}

function parseMessage(raw: unknown, list: string): MessageSpec {
  if (!isRecord(raw)) fail('BAD_MESSAGE', `${list}: each entry must be an object`);
  const id = intIn(raw['id'], 0, MAX_MESSAGE_ID, `${list} id`);
  const name = raw['name'];
  if (typeof name !== 'string' || name === '') fail('BAD_MESSAGE', `${list} ${id}: name missing`);
  const rawParams = raw['params'];
  if (!Array.isArray(rawParams)) fail('BAD_MESSAGE', `${name}: params must be a list`);
  const params = rawParams.map((p) => parseParam(p, name)).sort((a, b) => a.id - b.id);
  for (let i = 1; i < params.length; i++) {
    if (params[i]?.id === params[i - 1]?.id)
      fail('DUPLICATE_ID', `${name}: ParameterID ${params[i]?.id} appears twice`);
  }
  return { id, name, params };
}

function parseList(raw: unknown, list: string): ReadonlyMap<number, MessageSpec> {
  if (!Array.isArray(raw)) fail('BAD_MESSAGE', `${list} must be a list`);
  const map = new Map<number, MessageSpec>();
  const names = new Set<string>();
  for (const entry of raw) {
    const spec = parseMessage(entry, list);
    if (map.has(spec.id) || names.has(spec.name))
      fail('DUPLICATE_ID', `${list}: ${spec.name} (${spec.id}) is defined twice`);
    map.set(spec.id, spec);
    names.add(spec.name);
  }
  return map;
}

/** Validates parsed JSON as a command table; throws DecodeError `VOICE_TABLE_*` on the first problem. */
export function parseCommandTable(json: unknown): CommandTable {
  if (!isRecord(json)) fail('NOT_OBJECT', 'the command table must be a JSON object');
  const serverAddress = json['serverAddress'];
  if (typeof serverAddress !== 'string' || !/^\d{1,20}$/.test(serverAddress))
    fail('BAD_ADDRESS', 'serverAddress must be a phone number of 1 to 20 digits');
  return {
    serverAddress,
    commands: parseList(json['commands'], 'commands'),
    responses: parseList(json['responses'], 'responses'),
  };
}

/** Finds a command or response by name in either list. */
export function findByName(
  table: CommandTable,
  name: string,
): { readonly kind: 'command' | 'response'; readonly spec: MessageSpec } | undefined {
  for (const spec of table.commands.values())
    if (spec.name === name) return { kind: 'command', spec };
  for (const spec of table.responses.values())
    if (spec.name === name) return { kind: 'response', spec };
  return undefined;
}
