// File-system failures of trace files, as one error type with a stable code and a one-line message.

/** A trace file could not be opened, read or written. */
export class TraceFileError extends Error {
  override readonly name = 'TraceFileError';
  constructor(
    readonly code: 'TRACE_FILE_NOT_FOUND' | 'TRACE_FILE_IO' | 'TRACE_FILE_CLOSED',
    readonly path: string,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
  }

  /** Wraps a node:fs error for `path`. */
  static from(error: unknown, path: string, doing: string): TraceFileError {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENOENT') {
      return new TraceFileError('TRACE_FILE_NOT_FOUND', path, `${path}: no such file`, {
        cause: error,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new TraceFileError('TRACE_FILE_IO', path, `cannot ${doing} ${path}: ${reason}`, {
      cause: error,
    });
  }
}
