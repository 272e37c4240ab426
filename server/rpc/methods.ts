// The JSON-RPC methods of the payment server: name, who may call it, its parameter schema and the
// payment-service call it makes. Names are fixed; see docs/protocol.md for examples.
import type { AcceptMode } from '../members/types.ts';
import type { MemberAuth, PaymentService } from '../payments/service.ts';
import { RpcCode, RpcError } from './jsonrpc.ts';
import type { ParamSchema } from './schema.ts';

/** Who is on the other end of a connection, from its access token. */
export type Role = 'operator' | 'gateway' | 'device';

/** What a method may do to its connection besides answering. */
export interface MethodConnection {
  subscribe(msisdn: string): void;
}

/** One method: who may call it, its parameters and what it does. */
export interface MethodSpec {
  readonly roles: readonly Role[];
  readonly params: ParamSchema;
  run(
    service: PaymentService,
    params: Record<string, unknown>,
    conn: MethodConnection,
  ): Promise<unknown>;
}

const ALL: readonly Role[] = ['operator', 'gateway', 'device'];
const auth = { msisdn: 'string', pin: 'string' } as const;
type P = Record<string, unknown>;
const a = (p: P): MemberAuth => ({ msisdn: p['msisdn'] as string, pin: p['pin'] as string });
// Parameters are written out in one literal, not as {...a(p), more}: V8 gives an object spread
// and then extended a map of its own, about 1 KB and 1 us each time.
const s = (p: P, k: string) => p[k] as string;
const opt = <K extends string, V>(k: K, v: V | undefined) =>
  v === undefined ? {} : ({ [k]: v } as Record<K, V>);

function acceptMode(p: P): AcceptMode | undefined {
  const mode = p['acceptMode'];
  if (mode === undefined || mode === 'auto' || mode === 'manual') return mode;
  throw new RpcError(RpcCode.invalidParams, "acceptMode must be 'auto' or 'manual'");
}

function oneOf<T extends string>(p: P, key: string, values: readonly T[]): T {
  const v = p[key];
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  throw new RpcError(RpcCode.invalidParams, `${key} must be one of ${values.join(', ')}`);
}

/** The method table, by fixed name. */
export const methods: Readonly<Record<string, MethodSpec>> = {
  'member.register': {
    roles: ALL,
    params: { msisdn: 'string', pin: 'string', 'bank?': 'string', 'acceptMode?': 'string' },
    run: (svc, p) =>
      svc.register({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        ...opt('bank', p['bank'] as string | undefined),
        ...opt('acceptMode', acceptMode(p)),
      }),
  },
  'member.update': {
    roles: ALL,
    params: {
      ...auth,
      'acceptMode?': 'string',
      'perTransactionLimit?': 'string',
      'dailyLimit?': 'string',
      'perHourLimit?': 'integer',
    },
    run: (svc, p) =>
      svc.profile({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        ...opt('acceptMode', acceptMode(p)),
        ...opt('perTransactionLimit', p['perTransactionLimit'] as string | undefined),
        ...opt('dailyLimit', p['dailyLimit'] as string | undefined),
        ...opt('perHourLimit', p['perHourLimit'] as number | undefined),
      }),
  },
  'member.list': {
    roles: ALL,
    params: { ...auth, action: 'string', kind: 'string', pattern: 'string' },
    run: (svc, p) => {
      const action = oneOf(p, 'action', ['add', 'remove'] as const);
      const kind = oneOf(p, 'kind', ['block', 'allow'] as const);
      return svc.list({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        action,
        kind,
        pattern: s(p, 'pattern'),
      });
    },
  },
  'member.unlock': {
    roles: ['operator'],
    params: { msisdn: 'string' },
    run: (svc, p) => svc.unlock({ msisdn: s(p, 'msisdn') }),
  },
  'funds.load': {
    roles: ['operator', 'gateway'],
    params: { msisdn: 'string', amount: 'string', reference: 'string' },
    run: (svc, p) =>
      svc.load({ msisdn: s(p, 'msisdn'), amount: s(p, 'amount'), reference: s(p, 'reference') }),
  },
  'funds.unload': {
    roles: ALL,
    params: { ...auth, amount: 'string', reference: 'string' },
    run: (svc, p) =>
      svc.unload({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        amount: s(p, 'amount'),
        reference: s(p, 'reference'),
      }),
  },
  'payment.send': {
    roles: ALL,
    params: { ...auth, to: 'string', amount: 'string', reference: 'string', 'message?': 'string' },
    run: (svc, p) =>
      svc.send({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        to: s(p, 'to'),
        amount: s(p, 'amount'),
        reference: s(p, 'reference'),
        ...opt('message', p['message'] as string | undefined),
      }),
  },
  'payment.request': {
    roles: ALL,
    params: {
      ...auth,
      from: 'string',
      amount: 'string',
      reference: 'string',
      'message?': 'string',
    },
    run: (svc, p) =>
      svc.request({
        msisdn: s(p, 'msisdn'),
        pin: s(p, 'pin'),
        from: s(p, 'from'),
        amount: s(p, 'amount'),
        reference: s(p, 'reference'),
        ...opt('message', p['message'] as string | undefined),
      }),
  },
  'payment.accept': {
    roles: ALL,
    params: { ...auth, paymentId: 'string' },
    run: (svc, p) =>
      svc.accept({ msisdn: s(p, 'msisdn'), pin: s(p, 'pin'), paymentId: s(p, 'paymentId') }),
  },
  'payment.decline': {
    roles: ALL,
    params: { ...auth, paymentId: 'string' },
    run: (svc, p) =>
      svc.decline({ msisdn: s(p, 'msisdn'), pin: s(p, 'pin'), paymentId: s(p, 'paymentId') }),
  },
  'payment.stop': {
    roles: ALL,
    params: { ...auth, paymentId: 'string' },
    run: (svc, p) =>
      svc.stop({ msisdn: s(p, 'msisdn'), pin: s(p, 'pin'), paymentId: s(p, 'paymentId') }),
  },
  'account.balance': { roles: ALL, params: auth, run: (svc, p) => svc.balance(a(p)) },
  'account.history': {
    roles: ALL,
    params: { ...auth, 'limit?': 'integer' },
    run: (svc, p) => {
      const limit = (p['limit'] as number | undefined) ?? 5;
      if (limit < 1 || limit > 100)
        throw new RpcError(RpcCode.invalidParams, 'limit must be 1 to 100');
      return svc.history({ msisdn: s(p, 'msisdn'), pin: s(p, 'pin'), limit });
    },
  },
  'balance.subscribe': {
    roles: ALL,
    params: auth,
    run: async (svc, p, conn) => {
      const msisdn = await svc.authenticate(a(p));
      conn.subscribe(msisdn);
      return svc.balanceOf(msisdn);
    },
  },
  'settlement.run': {
    roles: ['operator'],
    params: { reference: 'string', 'post?': 'boolean', 'from?': 'string', 'to?': 'string' },
    run: (svc, p) =>
      svc.settlement({
        reference: s(p, 'reference'),
        ...opt('post', p['post'] as boolean | undefined),
        ...opt('from', p['from'] as string | undefined),
        ...opt('to', p['to'] as string | undefined),
      }),
  },
};
