// Turns one WebSocket text message into JSON-RPC responses: validation of the envelope and the
// parameters, role checks, the method call, and the mapping of refusals to error objects.
import { MoneyError } from '../ledger/money.ts';
import { PaymentError, type PaymentService } from '../payments/service.ts';
import { parseMessage, readRequest, RpcCode, RpcError, type RpcId } from './jsonrpc.ts';
import { methods, type MethodConnection, type MethodSpec, type Role } from './methods.ts';
import { checkParams } from './schema.ts';

/** The connection-side facts a message is handled with. */
export interface DispatchContext {
  readonly service: PaymentService;
  readonly role: Role;
  readonly conn: MethodConnection;
  /** Methods bound to objects built at start-up (the SMS gateway, the IVR), beside the fixed table. */
  readonly extraMethods?: Readonly<Record<string, MethodSpec>>;
  /** Internal failures; receives the method name and error, never the parameters. */
  readonly onInternalError: (method: string, error: unknown) => void;
}

type Response = { jsonrpc: '2.0'; id: RpcId } & ({ result: unknown } | { error: unknown });

const errorResponse = (id: RpcId, error: RpcError): Response => ({
  jsonrpc: '2.0',
  id,
  error: error.toObject(),
});

function toRpcError(method: string, error: unknown, ctx: DispatchContext): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof PaymentError)
    return new RpcError(
      error.code === 'FORBIDDEN' ? RpcCode.forbidden : RpcCode.refused,
      error.message,
      { code: error.code },
    );
  if (error instanceof MoneyError)
    return new RpcError(RpcCode.invalidParams, error.message, { code: error.code });
  ctx.onInternalError(method, error);
  return new RpcError(RpcCode.internalError, 'internal error');
}

function findMethod(name: string, ctx: DispatchContext): MethodSpec | undefined {
  if (Object.hasOwn(methods, name)) return methods[name];
  const extra = ctx.extraMethods;
  return extra && Object.hasOwn(extra, name) ? extra[name] : undefined;
}

async function handleOne(item: unknown, ctx: DispatchContext): Promise<Response | null> {
  const request = readRequest(item);
  if ('error' in request) return errorResponse(request.id, request.error);
  const id = request.id ?? null;
  try {
    const spec = findMethod(request.method, ctx);
    if (!spec) throw new RpcError(RpcCode.methodNotFound, `unknown method '${request.method}'`);
    if (!spec.roles.includes(ctx.role))
      throw new RpcError(
        RpcCode.forbidden,
        `method '${request.method}' is not allowed for ${ctx.role} connections`,
      );
    const result = await spec.run(ctx.service, checkParams(request.params, spec.params), ctx.conn);
    return request.id === undefined ? null : { jsonrpc: '2.0', id, result };
  } catch (error) {
    const rpcError = toRpcError(request.method, error, ctx);
    return request.id === undefined ? null : errorResponse(id, rpcError);
  }
}

/**
 * Serialises a response; bigints (never expected) become strings rather than throwing. The plain
 * JSON.stringify is tried first: a replacer function is called for every value of every reply.
 */
export function encode(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/** The response text for a message, or null when it held only notifications. */
export async function handleMessage(text: string, ctx: DispatchContext): Promise<string | null> {
  const parsed = parseMessage(text);
  if (parsed instanceof RpcError) return encode(errorResponse(null, parsed));
  const responses: Response[] = [];
  for (const item of parsed.items) {
    const response = await handleOne(item, ctx);
    if (response) responses.push(response);
  }
  if (responses.length === 0) return null;
  return encode(parsed.batch ? responses : responses[0]);
}
