// Parameter schemas of the methods: every parameter is named with its JSON type; unknown,
// missing or mistyped parameters are refused before a method runs (JSON-RPC -32602).
import { RpcCode, RpcError } from './jsonrpc.ts';

/**
 * `string` (at most 256 characters), `hex` (an even number of hex digits, at most 1024), `object`
 * (a JSON object, checked further by the method), `boolean`, `integer` (a safe integer).
 */
export type ParamType = 'string' | 'hex' | 'object' | 'boolean' | 'integer';

/** Name -> type; a trailing '?' on the name marks it optional. */
export type ParamSchema = Readonly<Record<string, ParamType>>;

const MAX_STRING = 256;
const MAX_HEX = 1024;

function typeMatches(value: unknown, type: ParamType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.length <= MAX_STRING;
    case 'hex':
      return (
        typeof value === 'string' && value.length <= MAX_HEX && /^([0-9A-Fa-f]{2})*$/.test(value)
      );
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
  }
}

const KIND: Readonly<Record<ParamType, string>> = {
  string: `a string of at most ${MAX_STRING} characters`,
  hex: `hex octets (at most ${MAX_HEX} digits)`,
  object: 'an object',
  boolean: 'a boolean',
  integer: 'an integer',
};

interface CompiledParam {
  readonly t: ParamType;
  readonly optional: boolean;
}

/** Schemas by parameter name, made once per schema: every request is checked against one. */
const compiled = new WeakMap<ParamSchema, ReadonlyMap<string, CompiledParam>>();

function compile(schema: ParamSchema): ReadonlyMap<string, CompiledParam> {
  let names = compiled.get(schema);
  if (!names) {
    names = new Map(
      Object.entries(schema).map(([k, t]) => [
        k.replace(/\?$/, ''),
        { t, optional: k.endsWith('?') },
      ]),
    );
    compiled.set(schema, names);
  }
  return names;
}

/** Returns the params when they fit the schema, else throws an invalid-params RpcError. */
export function checkParams(
  params: Record<string, unknown>,
  schema: ParamSchema,
): Record<string, unknown> {
  const names = compile(schema);
  for (const key in params)
    if (!names.has(key)) throw new RpcError(RpcCode.invalidParams, `unknown parameter '${key}'`);
  for (const [name, { t, optional }] of names) {
    const value = params[name];
    if (value === undefined) {
      if (!optional) throw new RpcError(RpcCode.invalidParams, `missing parameter '${name}'`);
    } else if (!typeMatches(value, t)) {
      throw new RpcError(RpcCode.invalidParams, `parameter '${name}' must be ${KIND[t]}`);
    }
  }
  return params;
}
