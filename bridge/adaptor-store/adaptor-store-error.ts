// Failures of reading or writing an adaptor state file, as one error with a stable code and a
// one-line message naming the file.

export type AdaptorStoreErrorCode =
  'ADAPTOR_STATE_BAD_JSON' | 'ADAPTOR_STATE_INVALID' | 'ADAPTOR_STATE_IO';

/** An adaptor state file could not be read, parsed, checked or written. */
export class AdaptorStoreError extends Error {
  override readonly name = 'AdaptorStoreError';
  constructor(
    readonly code: AdaptorStoreErrorCode,
    readonly path: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }

  /** Wraps a node:fs error for `path`. */
  static fromFs(error: unknown, path: string, doing: 'read' | 'write'): AdaptorStoreError {
    const reason = error instanceof Error ? error.message : String(error);
    return new AdaptorStoreError('ADAPTOR_STATE_IO', path, `cannot ${doing} ${path}: ${reason}`, {
      cause: error,
    });
  }
}
