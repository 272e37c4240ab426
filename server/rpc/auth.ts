// Authentication during the WebSocket upgrade (RFC 6455 §4.1, §10.2): a bearer token in the
// Authorization header picks the role, compared in constant time; a browser Origin must be allowed.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Tokens } from '../config/config.ts';
import type { Role } from './methods.ts';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The role of a token, or null. Every configured token is compared, so timing reveals nothing. */
export function roleOf(token: string, tokens: Tokens): Role | null {
  const presented = digest(token);
  let found: Role | null = null;
  for (const role of ['operator', 'gateway', 'device'] as const)
    for (const candidate of tokens[role])
      if (timingSafeEqual(presented, digest(candidate)) && !found) found = role;
  return found;
}

/** Why an upgrade is refused (HTTP status and reason), or the role it is granted. */
export function authoriseUpgrade(
  req: IncomingMessage,
  tokens: Tokens,
  allowedOrigins: readonly string[],
): { role: Role } | { status: number; reason: string } {
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins.includes(origin))
    return { status: 403, reason: 'origin not allowed' };
  const header = req.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{1,256})$/.exec(header);
  if (!match?.[1]) return { status: 401, reason: 'bearer token required' };
  const role = roleOf(match[1], tokens);
  return role ? { role } : { status: 401, reason: 'unknown token' };
}
