// The Request/Response structures of the voice-channel API (sendRequest/processRequest): a
// numeric CommandID or ResponseID and parameter values keyed by numeric ParameterID.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandTable, MessageSpec, ParamSpec } from './command-table.ts';

/** A parameter value: digit strings for numeric, integer minor units for amount, text for alphanumeric. */
export type ParamValue = string | number;

/** Parameter values keyed by ParameterID (unique within the command). */
export type Params = Readonly<Record<number, ParamValue>>;

/** What the client sends: a CommandID and its parameters. */
export interface Request {
  readonly commandId: number;
  readonly params: Params;
}

/** What the server answers: a ResponseID and its parameters. */
export interface Response {
  readonly responseId: number;
  readonly params: Params;
}

/** Characters an alphanumeric value may hold (what the keypad codec can carry). */
export const ALPHANUMERIC_PATTERN = /^[A-Z0-9 .,\-/@'+:?]+$/;

/** Checks a request against the command table; throws DecodeError `VOICE_*` naming the first problem. */
export function validateRequest(table: CommandTable, request: Request): MessageSpec {
  const spec = table.commands.get(request.commandId);
  if (!spec) throw new DecodeError('VOICE_UNKNOWN_COMMAND', 0, `no CommandID ${request.commandId}`);
  validateParams(spec, request.params);
  return spec;
}

/** Checks a response against the command table; throws DecodeError `VOICE_*` naming the first problem. */
export function validateResponse(table: CommandTable, response: Response): MessageSpec {
  const spec = table.responses.get(response.responseId);
  if (!spec)
    throw new DecodeError('VOICE_UNKNOWN_RESPONSE', 0, `no ResponseID ${response.responseId}`);
  validateParams(spec, response.params);
  return spec;
}

function validateParams(spec: MessageSpec, params: Params): void {
  for (const key of Object.keys(params)) {
    if (!spec.params.some((p) => String(p.id) === key))
      throw new DecodeError('VOICE_UNKNOWN_PARAM', 0, `${spec.name} has no ParameterID ${key}`);
  }
  for (const param of spec.params) {
    const value = params[param.id];
    if (value === undefined) {
      if (param.required)
        throw new DecodeError('VOICE_MISSING_PARAM', 0, `${spec.name} needs ${param.name}`);
      continue;
    }
    const problem = valueProblem(param, value);
    if (problem)
      throw new DecodeError('VOICE_BAD_PARAM', 0, `${spec.name}.${param.name} ${problem}`);
  }
}

/** Why `value` does not fit `param`, or undefined when it does. */
export function valueProblem(param: ParamSpec, value: ParamValue): string | undefined {
  switch (param.type) {
    case 'numeric':
      if (typeof value !== 'string' || !/^\d+$/.test(value)) return 'must be a string of digits';
      break;
    case 'amount':
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        return 'must be a whole number of minor units, 0 or more';
      break;
    case 'alphanumeric':
      if (typeof value !== 'string' || !ALPHANUMERIC_PATTERN.test(value))
        return "must be upper-case letters, digits, space or . , - / @ ' + : ?";
      break;
  }
  const length = String(value).length;
  if (length > param.maxLength) return `is longer than ${param.maxLength} characters`;
  return undefined;
}
