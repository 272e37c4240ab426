// Reading untrusted JSON for the SMS JSON mapping: typed getters that name the offending field
// (`destination.ton`) in a DecodeError, so a user sees exactly what to fix.
import { DecodeError, fromHex } from '../bytes/index.ts';

/** A JSON field that is missing, of the wrong type or out of range. */
export class JsonFieldError extends DecodeError {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super('SMS_JSON_FIELD', 0, `${field}: ${problem}`);
  }
}

/** A parsed JSON object, read-only. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** `parent.key`, or `key` at the top. */
export function fieldPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** The value as an object, or a JsonFieldError naming `path`. */
export function asObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JsonFieldError(path || '(top level)', 'expected an object');
  }
  return value as JsonObject;
}

/** True when `key` is present and not null. */
export function has(o: JsonObject, key: string): boolean {
  return o[key] !== undefined && o[key] !== null;
}

/** A whole number within bounds; `fallback` when absent (required when no fallback). */
export function intField(
  o: JsonObject,
  key: string,
  path: string,
  min: number,
  max: number,
  fallback?: number,
): number {
  const value = o[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new JsonFieldError(fieldPath(path, key), `expected a whole number ${min}-${max}`);
  }
  return value;
}

/** An octet given as a number or as two hex digits. */
export function octetField(o: JsonObject, key: string, path: string, fallback?: number): number {
  const value = o[key];
  if (typeof value === 'string') {
    if (!/^[0-9a-fA-F]{2}$/.test(value)) {
      throw new JsonFieldError(fieldPath(path, key), 'expected two hex digits or 0-255');
    }
    return parseInt(value, 16);
  }
  return intField(o, key, path, 0, 255, fallback);
}

/** A boolean, false when absent. */
export function boolField(o: JsonObject, key: string, path: string): boolean {
  const value = o[key];
  if (value === undefined) return false;
  if (typeof value !== 'boolean')
    throw new JsonFieldError(fieldPath(path, key), 'expected true or false');
  return value;
}

/** A string (required). */
export function stringField(o: JsonObject, key: string, path: string): string {
  const value = o[key];
  if (typeof value !== 'string')
    throw new JsonFieldError(fieldPath(path, key), 'expected a string');
  return value;
}

/** One of `choices` (required unless `fallback`). */
export function choiceField<T extends string>(
  o: JsonObject,
  key: string,
  path: string,
  choices: readonly T[],
  fallback?: T,
): T {
  const value = o[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new JsonFieldError(fieldPath(path, key), `expected one of ${choices.join(', ')}`);
  }
  return value as T;
}

/** Bytes given as hex. */
export function hexField(o: JsonObject, key: string, path: string): Uint8Array {
  const text = stringField(o, key, path);
  try {
    return fromHex(text);
  } catch {
    throw new JsonFieldError(fieldPath(path, key), 'expected hex digits');
  }
}

/** An array (required). */
export function arrayField(o: JsonObject, key: string, path: string): readonly unknown[] {
  const value = o[key];
  if (!Array.isArray(value)) throw new JsonFieldError(fieldPath(path, key), 'expected an array');
  return value;
}
