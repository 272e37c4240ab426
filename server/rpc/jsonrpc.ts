// JSON-RPC 2.0 message shapes and error objects (jsonrpc.org/specification §4-§6): parsing of
// untrusted text into requests, with the standard error codes and the server's own ones.

/** Standard codes (§5.1) and the server's application codes (-32000..-32099). */
export const RpcCode = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
  refused: -32000,
  forbidden: -32001,
  rateLimited: -32002,
  unavailable: -32003,
} as const;

/** A request id (§4). */
export type RpcId = string | number | null;

/** A request after envelope checks; params are always an object here. */
export interface RpcRequest {
  readonly method: string;
  readonly params: Record<string, unknown>;
  /** Absent for a notification (no response is sent). */
  readonly id?: RpcId;
}

/** The error member of a response (§5.1). */
export interface RpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** A failure that becomes a JSON-RPC error response. */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }

  toObject(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** Most requests in one batch. */
export const MAX_BATCH = 16;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function validId(id: unknown): id is RpcId {
  return (
    id === null ||
    (typeof id === 'string' && id.length <= 128) ||
    (typeof id === 'number' && Number.isSafeInteger(id))
  );
}

/** The members a request object may have (JSON-RPC 2.0 §4). */
const REQUEST_MEMBERS: ReadonlySet<string> = new Set(['jsonrpc', 'method', 'params', 'id']);

function invalidRequest(why: string, id: RpcId): { error: RpcError; id: RpcId } {
  return { error: new RpcError(RpcCode.invalidRequest, why), id };
}

/** Checks one request object; returns it or an error carrying the id when it could be read. */
export function readRequest(v: unknown): RpcRequest | { error: RpcError; id: RpcId } {
  const id = isObject(v) && validId(v['id']) ? v['id'] : null;
  if (!isObject(v)) return invalidRequest('request must be an object', id);
  if (v['jsonrpc'] !== '2.0') return invalidRequest('jsonrpc must be "2.0"', id);
  if (typeof v['method'] !== 'string' || v['method'].length > 64)
    return invalidRequest('method must be a string', id);
  if ('id' in v && !validId(v['id']))
    return invalidRequest('id must be a string, an integer or null', id);
  const params = v['params'] ?? {};
  if (!isObject(params))
    return { error: new RpcError(RpcCode.invalidParams, 'params must be an object'), id };
  for (const key in v)
    if (!REQUEST_MEMBERS.has(key)) return invalidRequest(`unknown member '${key}'`, id);
  return 'id' in v ? { method: v['method'], params, id } : { method: v['method'], params };
}

/** Parses a message: one request, a batch, or a parse error. */
export function parseMessage(text: string): { batch: boolean; items: unknown[] } | RpcError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new RpcError(RpcCode.parseError, 'message is not valid JSON');
  }
  if (!Array.isArray(value)) return { batch: false, items: [value] };
  if (value.length === 0) return new RpcError(RpcCode.invalidRequest, 'empty batch');
  if (value.length > MAX_BATCH)
    return new RpcError(RpcCode.invalidRequest, `batch larger than ${MAX_BATCH}`);
  return { batch: true, items: value };
}
