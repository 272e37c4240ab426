// Server configuration: currency, partner banks, hold windows, limits, fees, access tokens,
// WebSocket limits, the SMS gateway's short code and outbound queue, and the float dividend. Read
// from a YAML or JSON file; secrets (tokens, PIN pepper) may come from env.
import { formatAmount, parseAmount } from '../ledger/money.ts';
import { isValidBankId } from '../members/accounts.ts';
import type { FeeTier } from '../rules/fees.ts';
import type { Limits } from '../rules/limits.ts';

/** Who may connect, by bearer token. */
export interface Tokens {
  /** Operators: every method, including funds.load/unload and settlement.run. */
  readonly operator: readonly string[];
  /** SMS gateway and IVR: member methods on behalf of any member (the PIN still decides). */
  readonly gateway: readonly string[];
  /** Devices: member methods (PIN required). */
  readonly device: readonly string[];
}

export interface RpcLimits {
  readonly maxPayload: number;
  readonly ratePerSecond: number;
  readonly burst: number;
  /** A connection with more unsent bytes than this is closed as a slow consumer. */
  readonly maxBufferedBytes: number;
  /** Upgrades beyond this many open connections are refused with HTTP 503. */
  readonly maxConnections: number;
  /** Each connection is pinged this often and dropped if the last ping got no pong; 0: never. */
  readonly pingIntervalMs: number;
}

/** The short code members send SMS to when none is configured. */
export const DEFAULT_SERVER_NUMBER = '62729';

/** The SMS gateway's settings. */
export interface SmsSettings {
  /** The short code members send SMS to, and TP-OA of every reply (default "62729"). */
  readonly number: string;
  /** SMS kept for the carrier while no gateway connection is attached; beyond it sending fails. */
  readonly queueLimit: number;
}

/** Kannel as the SMS centre connection (its HTTP interface), instead of a gateway connection. */
export interface KannelSettings {
  /** Port of the endpoint smsbox's get-url calls (0 picks a free one). */
  readonly moPort: number;
  /** smsbox's sendsms URL, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`. */
  readonly sendsmsUrl: string;
  /** The sendsms-user's credentials. */
  readonly username: string;
  readonly password: string;
  /** When set, get-url must carry `token=` with it (or SIMPAY_KANNEL_MO_TOKEN). */
  readonly moToken?: string;
}

/**
 * The float dividend of settlement.run (SOURCE-NOTES L-10 to L-12). Percentages are kept in parts
 * per million (percent × 10 000): "5" is 50 000, "12.5" is 125 000.
 */
export interface SettlementSettings {
  /** Annual rate the pool's float earns (`settlement.floatRatePercent`, default "5": an example). */
  readonly floatRatePpm: bigint;
  /** Per partner bank, its share of the float on the system's own members' funds (default 0). */
  readonly systemFloatSharePpm: Readonly<Record<string, bigint>>;
}

export interface ServerConfig {
  readonly currency: string;
  readonly exponent: number;
  readonly defaultCountry: string;
  readonly banks: readonly string[];
  readonly holdDays: number;
  readonly requestDays: number;
  readonly limits: Limits;
  readonly fees: readonly FeeTier[];
  readonly tokens: Tokens;
  /** Origins allowed in the WebSocket upgrade; requests without Origin (non-browser) are allowed. */
  readonly allowedOrigins: readonly string[];
  readonly pinPepper: Uint8Array;
  readonly rpc: RpcLimits;
  readonly sms: SmsSettings;
  /** Set when SMS go through Kannel. */
  readonly kannel?: KannelSettings;
  readonly settlement: SettlementSettings;
}

/** A configuration value that is missing or wrong: one line naming it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(o: Obj, key: string, fallback: string): string {
  const v = o[key] ?? fallback;
  if (typeof v !== 'string') throw new ConfigError(`${key} must be a string`);
  return v;
}

function int(o: Obj, key: string, fallback: number, min: number, max: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ConfigError(`${key} must be a whole number from ${min} to ${max}`);
  return v;
}

function strings(v: unknown, key: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new ConfigError(`${key} must be a list of strings`);
  return v as string[];
}

function money(v: unknown, key: string, exponent: number): bigint | null {
  if (v === undefined || v === null) return null;
  const text = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  try {
    return parseAmount(text as string, exponent);
  } catch {
    throw new ConfigError(`${key} must be a decimal amount such as "20.55"`);
  }
}

function readFees(v: unknown, exponent: number): FeeTier[] {
  if (v === undefined)
    return [
      { from: 0n, fixed: 5n, basisPoints: 0 },
      { from: 50n * 10n ** BigInt(exponent), fixed: 10n ** BigInt(exponent), basisPoints: 0 },
    ];
  if (!Array.isArray(v)) throw new ConfigError('fees must be a list of tiers');
  return v.map((tier, i) => {
    if (!isObj(tier)) throw new ConfigError(`fees[${i}] must be an object`);
    return {
      from: money(tier['from'] ?? '0', `fees[${i}].from`, exponent) ?? 0n,
      fixed: money(tier['fixed'] ?? '0', `fees[${i}].fixed`, exponent) ?? 0n,
      basisPoints: int(tier, 'basisPoints', 0, 0, 10_000),
    };
  });
}

function readTokens(o: Obj, env: NodeJS.ProcessEnv): Tokens {
  const t = isObj(o['tokens']) ? o['tokens'] : {};
  const fromEnv = (name: string) => (env[name] ? [env[name] ?? ''] : []);
  const all = {
    operator: [...strings(t['operator'], 'tokens.operator'), ...fromEnv('SIMPAY_OPERATOR_TOKEN')],
    gateway: [...strings(t['gateway'], 'tokens.gateway'), ...fromEnv('SIMPAY_GATEWAY_TOKEN')],
    device: [...strings(t['device'], 'tokens.device'), ...fromEnv('SIMPAY_DEVICE_TOKEN')],
  };
  for (const token of [...all.operator, ...all.gateway, ...all.device])
    if (token.length < 16)
      throw new ConfigError('every access token must be at least 16 characters');
  return all;
}

function readPepper(o: Obj, env: NodeJS.ProcessEnv): Uint8Array {
  if (o['pinPepper'] !== undefined)
    throw new ConfigError('pinPepper must come from SIMPAY_PIN_PEPPER, not the configuration file');
  const pepper = env['SIMPAY_PIN_PEPPER'];
  if (!pepper || pepper.length < 16)
    throw new ConfigError('SIMPAY_PIN_PEPPER must be set to a secret of at least 16 characters');
  return new TextEncoder().encode(pepper);
}

function readSms(o: Obj): SmsSettings {
  const sms = isObj(o['sms']) ? o['sms'] : {};
  const number = str(sms, 'number', DEFAULT_SERVER_NUMBER);
  if (!/^\+?[0-9]{3,15}$/.test(number))
    throw new ConfigError('sms.number must be a short code or a telephone number (3-15 digits)');
  return { number, queueLimit: int(sms, 'queueLimit', 1000, 0, 1_000_000) };
}

function readKannel(o: Obj, env: NodeJS.ProcessEnv): { kannel?: KannelSettings } {
  if (o['kannel'] === undefined) return {};
  if (!isObj(o['kannel'])) throw new ConfigError('kannel must be a mapping');
  const k = o['kannel'];
  const sendsmsUrl = str(k, 'sendsmsUrl', '');
  if (!/^https?:\/\/[^\s?#]+$/.test(sendsmsUrl))
    throw new ConfigError('kannel.sendsmsUrl must be an http:// URL without a query');
  const password = env['SIMPAY_KANNEL_PASSWORD'] ?? str(k, 'password', '');
  if (password === '')
    throw new ConfigError('kannel.password (or SIMPAY_KANNEL_PASSWORD) must be set');
  const moToken = env['SIMPAY_KANNEL_MO_TOKEN'] ?? str(k, 'moToken', '');
  return {
    kannel: {
      moPort: int(k, 'moPort', 13080, 0, 65535),
      sendsmsUrl,
      username: str(k, 'username', 'simpay'),
      password,
      ...(moToken === '' ? {} : { moToken }),
    },
  };
}

/** A percentage from 0 to 100 with at most 4 decimals, as parts per million. */
function percent(v: unknown, key: string): bigint {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  let ppm: bigint;
  try {
    ppm = parseAmount(text as string, 4);
  } catch {
    throw new ConfigError(`${key} must be a percentage such as "5" or "12.5" (at most 4 decimals)`);
  }
  if (ppm > 1_000_000n) throw new ConfigError(`${key} must be at most 100`);
  return ppm;
}

function readSettlement(o: Obj, banks: readonly string[]): SettlementSettings {
  const settings = o['settlement'] ?? {};
  if (!isObj(settings)) throw new ConfigError('settlement must be a mapping');
  const shares = settings['systemFloatSharePercent'] ?? {};
  if (!isObj(shares))
    throw new ConfigError(
      'settlement.systemFloatSharePercent must map partner banks to percentages',
    );
  const systemFloatSharePpm: Record<string, bigint> = {};
  for (const [bank, value] of Object.entries(shares)) {
    if (!banks.includes(bank))
      throw new ConfigError(
        `settlement.systemFloatSharePercent names '${bank}', not a partner bank`,
      );
    systemFloatSharePpm[bank] = percent(value, `settlement.systemFloatSharePercent.${bank}`);
  }
  const total = Object.values(systemFloatSharePpm).reduce((s, p) => s + p, 0n);
  const shown = formatAmount(total, 4).replace(/\.?0+$/, '');
  if (total > 1_000_000n)
    throw new ConfigError(
      `settlement.systemFloatSharePercent adds up to ${shown}%, more than 100%`,
    );
  return {
    floatRatePpm: percent(settings['floatRatePercent'] ?? '5', 'settlement.floatRatePercent'),
    systemFloatSharePpm,
  };
}

/** Builds the configuration from a parsed file (or {}) and the environment. */
export function parseConfig(input: unknown, env: NodeJS.ProcessEnv): ServerConfig {
  const o = input ?? {};
  if (!isObj(o)) throw new ConfigError('the configuration must be a mapping');
  const exponent = int(o, 'exponent', 2, 0, 6);
  const banks = strings(o['banks'], 'banks');
  const bad = banks.find((b) => !isValidBankId(b) || b === 'system');
  if (bad !== undefined)
    throw new ConfigError(`bank id '${bad}' must be lower-case letters, digits, dashes`);
  const limits = isObj(o['limits']) ? o['limits'] : {};
  const rpc = isObj(o['rpc']) ? o['rpc'] : {};
  return {
    currency: str(o, 'currency', 'USD'),
    exponent,
    defaultCountry: str(o, 'defaultCountry', '1'),
    banks,
    holdDays: int(o, 'holdDays', 30, 1, 366),
    requestDays: int(o, 'requestDays', 30, 1, 366),
    limits: {
      perTransaction: money(limits['perTransaction'] ?? '500', 'limits.perTransaction', exponent),
      daily: money(limits['daily'] ?? '2000', 'limits.daily', exponent),
      perHour: int(limits, 'perHour', 30, 1, 100_000),
    },
    fees: readFees(o['fees'], exponent),
    tokens: readTokens(o, env),
    allowedOrigins: strings(o['allowedOrigins'], 'allowedOrigins'),
    pinPepper: readPepper(o, env),
    rpc: {
      maxPayload: int(rpc, 'maxPayload', 64 * 1024, 256, 16 * 1024 * 1024),
      ratePerSecond: int(rpc, 'ratePerSecond', 50, 1, 100_000),
      burst: int(rpc, 'burst', 100, 1, 100_000),
      maxBufferedBytes: int(rpc, 'maxBufferedBytes', 1024 * 1024, 1024, 1 << 30),
      maxConnections: int(rpc, 'maxConnections', 1000, 1, 1_000_000),
      pingIntervalMs: int(rpc, 'pingIntervalMs', 30_000, 0, 3_600_000),
    },
    sms: readSms(o),
    ...readKannel(o, env),
    settlement: readSettlement(o, banks),
  };
}
