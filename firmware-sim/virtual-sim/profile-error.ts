// The error a malformed profile raises: one line naming the field and what it must be.

/** A profile field is missing or wrong. `field` is a dotted path such as `pin1.value`. */
export class ProfileError extends Error {
  override readonly name = 'ProfileError';
  constructor(
    readonly field: string,
    readonly expected: string,
  ) {
    super(`profile field '${field}': expected ${expected}`);
  }
}

/** Throws ProfileError for `field`. */
export function badField(field: string, expected: string): never {
  throw new ProfileError(field, expected);
}
