// A deadline on a call into pcscd or a reader: a native call that never returns becomes a
// TransportError with a stable code instead of a hang.
import { TransportError, type TransportErrorCode } from '../../firmware-sim/transport-error.ts';

/** Runs `promise` with a deadline; on expiry rejects with TransportError `code`. */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  code: TransportErrorCode,
  what: string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new TransportError(code, `${what}: no answer within ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
