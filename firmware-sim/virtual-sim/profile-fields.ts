// Typed readers for the fields of an untrusted profile object; each failure is a ProfileError
// naming the field.
import { badField } from './profile-error.ts';

export type Json = Record<string, unknown>;

/** The object at `field`, or a ProfileError. */
export function objectAt(value: unknown, field: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return badField(field, 'an object');
  }
  return value as Json;
}

/** A string matching `pattern` (`what` describes it). */
export function stringField(
  obj: Json,
  key: string,
  at: string,
  pattern: RegExp,
  what: string,
): string {
  const value = obj[key];
  if (typeof value !== 'string' || !pattern.test(value)) return badField(at, what);
  return value;
}

export function optionalString(
  obj: Json,
  key: string,
  at: string,
  pattern: RegExp,
  what: string,
): string | undefined {
  return obj[key] === undefined ? undefined : stringField(obj, key, at, pattern, what);
}

/** An integer within min..max. */
export function intField(obj: Json, key: string, at: string, min: number, max: number): number {
  const value = obj[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return badField(at, `an integer from ${min} to ${max}`);
  }
  return value;
}

export function optionalInt(
  obj: Json,
  key: string,
  at: string,
  min: number,
  max: number,
): number | undefined {
  return obj[key] === undefined ? undefined : intField(obj, key, at, min, max);
}

export function boolField(obj: Json, key: string, at: string): boolean {
  const value = obj[key];
  if (typeof value !== 'boolean') return badField(at, 'true or false');
  return value;
}

/** An array whose length is at most `max`. */
export function arrayField(obj: Json, key: string, at: string, max: number): unknown[] {
  const value = obj[key];
  if (!Array.isArray(value) || value.length > max)
    return badField(at, `an array of at most ${max} items`);
  return value;
}

/** Hex of `min`..`max` bytes. */
export function hexOf(value: unknown, at: string, min: number, max: number): string {
  const ok =
    typeof value === 'string' &&
    /^([0-9a-fA-F]{2})*$/.test(value) &&
    value.length / 2 >= min &&
    value.length / 2 <= max;
  if (!ok) return badField(at, `hex of ${min === max ? min : `${min} to ${max}`} bytes`);
  return value;
}

/** Copies the keys whose values are defined (for exactOptionalPropertyTypes). */
export function defined<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
