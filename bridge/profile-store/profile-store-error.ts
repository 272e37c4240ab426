// Failures of loading or saving a virtual SIM profile file, as one error with a stable code and a
// one-line message naming the file.

export type ProfileStoreErrorCode =
  'PROFILE_NOT_FOUND' | 'PROFILE_BAD_JSON' | 'PROFILE_INVALID' | 'PROFILE_IO';

/** A profile file could not be read, parsed, validated or written. */
export class ProfileStoreError extends Error {
  override readonly name = 'ProfileStoreError';
  constructor(
    readonly code: ProfileStoreErrorCode,
    readonly path: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }

  /** Wraps a node:fs error for `path`. */
  static fromFs(error: unknown, path: string, doing: string): ProfileStoreError {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT' && doing === 'read') {
      return new ProfileStoreError('PROFILE_NOT_FOUND', path, `${path}: no such file`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ProfileStoreError('PROFILE_IO', path, `cannot ${doing} ${path}: ${reason}`, {
      cause: error,
    });
  }
}
