// Parameter schemas of the methods: every parameter is named with its JSON type; unknown,
// missing or mistyped parameters are refused before a method runs (JSON-RPC -32602).
import { RpcCode, RpcError } from './jsonrpc.ts';

export type ParamType = 'string' | 'boolean' | 'integer';

/** Name -> type; a trailing '?' on the name marks it optional. */
export type ParamSchema = Readonly<Record<string, ParamType>>;

const MAX_STRING = 256;

function typeMatches(value: unknown, type: ParamType): boolean {
  if (type === 'string') return typeof value === 'string' && value.length <= MAX_STRING;
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Returns the params when they fit the schema, else throws an invalid-params RpcError. */
export function checkParams(
  params: Record<string, unknown>,
  schema: ParamSchema,
): Record<string, unknown> {
  const names = new Map(
    Object.entries(schema).map(([k, t]) => [
      k.replace(/\?$/, ''),
      { t, optional: k.endsWith('?') },
    ]),
  );
  for (const key of Object.keys(params))
    if (!names.has(key)) throw new RpcError(RpcCode.invalidParams, `unknown parameter '${key}'`);
  for (const [name, { t, optional }] of names) {
    const value = params[name];
    if (value === undefined) {
      if (!optional) throw new RpcError(RpcCode.invalidParams, `missing parameter '${name}'`);
    } else if (!typeMatches(value, t)) {
      throw new RpcError(RpcCode.invalidParams, `parameter '${name}' must be a ${t}`);
    }
  }
  return params;
}
