// Requests and responses as JSON for people and scripts: either by id
// (`{"commandId":10,"params":{"1":"123"}}`) or by name (`{"command":"payRequest","params":{"amount":1}}`).
import { DecodeError } from '../../protocol/bytes/index.ts';
import { findByName, type CommandTable, type MessageSpec } from './command-table.ts';
import { validateRequest, type ParamValue, type Request, type Response } from './request.ts';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new DecodeError('VOICE_BAD_JSON', 0, message);
}

function commandSpec(table: CommandTable, json: Record<string, unknown>): MessageSpec {
  if (typeof json['commandId'] === 'number') {
    const spec = table.commands.get(json['commandId']);
    if (!spec)
      throw new DecodeError('VOICE_UNKNOWN_COMMAND', 0, `no CommandID ${json['commandId']}`);
    return spec;
  }
  if (typeof json['command'] === 'string') {
    const found = findByName(table, json['command']);
    if (found?.kind !== 'command') fail(`no command named ${json['command']}`);
    return found.spec;
  }
  return fail('a request needs "commandId" (a number) or "command" (a name)');
}

/** Reads a request from parsed JSON in either form and validates it against the table. */
export function requestFromJson(table: CommandTable, json: unknown): Request {
  if (!isRecord(json)) fail('a request is a JSON object');
  const spec = commandSpec(table, json);
  const raw = json['params'] ?? {};
  if (!isRecord(raw)) fail('"params" must be an object');
  const params: Record<number, ParamValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    const param = spec.params.find((p) => p.name === key || String(p.id) === key);
    if (!param) fail(`${spec.name} has no parameter ${key}`);
    if (typeof value !== 'string' && typeof value !== 'number')
      fail(`${key} must be a string or number`);
    params[param.id] = value;
  }
  const request: Request = { commandId: spec.id, params };
  validateRequest(table, request);
  return request;
}

function named(spec: MessageSpec | undefined, params: Readonly<Record<number, ParamValue>>) {
  const out: Record<string, ParamValue> = {};
  for (const [key, value] of Object.entries(params)) {
    const name = spec?.params.find((p) => String(p.id) === key)?.name ?? key;
    out[name] = value;
  }
  return out;
}

/** A request as JSON with names beside the ids. */
export function requestToJson(table: CommandTable, request: Request) {
  const spec = table.commands.get(request.commandId);
  return { commandId: request.commandId, command: spec?.name, params: named(spec, request.params) };
}

/** A response as JSON with names beside the ids. */
export function responseToJson(table: CommandTable, response: Response) {
  const spec = table.responses.get(response.responseId);
  return {
    responseId: response.responseId,
    response: spec?.name,
    params: named(spec, response.params),
  };
}
