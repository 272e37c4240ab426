// The HTTP endpoint Kannel's smsbox calls for each mobile-originated SMS (sms-service get-url
// `http://HOST:PORT/kannel/mo?from=%p&to=%P&text=%b&udh=%u&coding=%c&id=%I`, with `omit-empty =
// true` so the empty answer sends nothing): the SMS goes to the gateway, whose replies leave
// through the sendsms outbound. With a token, only requests carrying `token=` with it are served
// (compared in constant time). 200 when handled, 400 for a request that is no SMS, 403 without
// the token, 500 otherwise.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { SmsGateway } from '../gateway/gateway.ts';
import { moSubmits, parseMo, queryOctets } from './kannel-message.ts';

/** Path smsbox's get-url points at. */
export const MO_PATH = '/kannel/mo';

/** Settings of the endpoint. */
export interface MoEndpointOptions {
  readonly gateway: SmsGateway;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** When set, get-url must carry `token=` with this value. */
  readonly token?: string;
  /** Resolves once the gateway's writes are on stable storage (Kannel is answered after it). */
  readonly durable?: () => Promise<void> | undefined;
  /** Failures that are not the request's fault; never given the message content. */
  readonly log?: (line: string) => void;
}

/** A listening endpoint. */
export interface MoEndpoint {
  readonly port: number;
  close(): Promise<void>;
}

const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();

function tokenHolds(query: string, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = queryOctets(query).get('token') ?? new Uint8Array(0);
  return timingSafeEqual(digest(given), digest(new TextEncoder().encode(token)));
}

async function handle(options: MoEndpointOptions, query: string): Promise<number> {
  if (!tokenHolds(query, options.token)) return 403;
  const mo = parseMo(query);
  for (const tpdu of moSubmits(mo)) await options.gateway.handleInboundSms(mo.from, tpdu);
  await options.durable?.();
  return 200;
}

function respond(res: ServerResponse, status: number, text = ''): void {
  res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
}

/** Starts the endpoint; resolves once it listens. */
export function startMoEndpoint(options: MoEndpointOptions): Promise<MoEndpoint> {
  const log = options.log ?? (() => undefined);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' || url.pathname !== MO_PATH) return respond(res, 404, 'not found\n');
    handle(options, url.search.slice(1)).then(
      (status) => respond(res, status),
      (error: unknown) => {
        if (error instanceof DecodeError) return respond(res, 400, `${error.code}\n`);
        log(`Kannel MO failed: ${(error as Error).message}`);
        respond(res, 500, 'internal error\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () =>
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
