// `simpay server`: the WebSocket payment server on a SQLite or PostgreSQL ledger, on 127.0.0.1 by
// default, configured from a YAML/JSON file and the environment, stopped cleanly by SIGINT/SIGTERM,
// and with exit status 1 when its database can take no more writes (a failed redo log).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig, type ServerConfig } from '../server/config/config.ts';
import { DatabaseUrlError, startPaymentServer } from '../server/index.ts';
import { CliError, intOption, parseOptions, type Command } from './command.ts';

const help = `Usage: simpay server [--port P] [--db sqlite:FILE|postgres://…] [--host 127.0.0.1] [--config FILE]

Runs the payment server: ledger, members, PINs, limits and notifications, the SMS gateway
(the carrier posts sms.inbound and receives sms.outbound) and the IVR's payment requests, spoken
to with JSON-RPC 2.0 over WebSocket at ws://HOST:PORT/rpc (see docs/protocol.md).

Options:
  --port P          TCP port (default 8787; 0 picks a free one)
  --db URL          ledger database, sqlite:FILE (default sqlite:simpay.db), or
                    postgres://USER@HOST:PORT/DATABASE shared by several server processes
  --host ADDR       address to listen on (default 127.0.0.1)
  --config FILE     YAML or JSON configuration: currency, banks, limits, fees, tokens,
                    sms.number (the short code, default 62729), sms.queueLimit,
                    kannel (moPort, sendsmsUrl, username) to use Kannel's HTTP interface

Environment:
  SIMPAY_PIN_PEPPER       secret (16+ characters) keying the PIN hashes; required
  SIMPAY_OPERATOR_TOKEN   access token for operators (also SIMPAY_GATEWAY_TOKEN, SIMPAY_DEVICE_TOKEN)
  SIMPAY_KANNEL_PASSWORD  password of Kannel's sendsms-user (instead of kannel.password)

Stops cleanly on SIGINT/SIGTERM (exit status 0). Stops with status 1 when the database can take
no more writes (a disk that refuses the SQLite redo log): start it again, and the start replays
every payment that was acknowledged.

Example:
  SIMPAY_PIN_PEPPER=... SIMPAY_OPERATOR_TOKEN=... simpay server --port 8787 --db sqlite:ledger.db
`;

function readConfig(file: string | undefined): ServerConfig {
  let input: unknown = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(`cannot read configuration file '${file}'`);
    }
    try {
      input = parseYaml(text);
    } catch (error) {
      throw new CliError(
        `configuration file '${file}' is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      );
    }
  }
  try {
    return parseConfig(input, process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`configuration: ${error.message}`);
    throw error;
  }
}

async function start(
  config: ServerConfig,
  db: string,
  host: string,
  port: number,
  log: (l: string) => void,
) {
  try {
    return await startPaymentServer({ config, db, host, port, log });
  } catch (error) {
    if (error instanceof DatabaseUrlError) throw new CliError(error.message);
    const message = error instanceof Error ? error.message : String(error);
    if (/open database|SQLITE_CANTOPEN|not a database/i.test(message))
      throw new CliError(`cannot open the database ${db}: ${message}`);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is already in use`);
    if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
      throw new CliError(`cannot listen on ${host}:${port} (${code})`);
    throw error;
  }
}

/**
 * Waits for SIGINT/SIGTERM (resolves undefined) or for the database to stop taking writes
 * (resolves the reason): a server that can only refuse payments is better stopped, so that
 * whatever supervises it starts it again and the start replays the redo log.
 */
export function untilStopped(
  signal: AbortSignal,
  failed: Promise<Error>,
): Promise<Error | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return Promise.race([
    new Promise<undefined>((resolve) =>
      signal.addEventListener('abort', () => resolve(undefined), { once: true }),
    ),
    failed,
  ]);
}

export const serverCommand: Command = {
  name: 'server',
  summary: 'run the WebSocket payment server (ledger, members, payments)',
  help,
  async run(argv, io) {
    const { values } = parseOptions(
      argv,
      {
        port: { type: 'string' },
        db: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
      },
      false,
    );
    const port = intOption(values.port, 'port', 8787, 0, 65535);
    const config = readConfig(values.config);
    const host = values.host ?? '127.0.0.1';
    const log = (line: string) => io.stderr(`simpay server: ${line}\n`);
    const server = await start(config, values.db ?? 'sqlite:simpay.db', host, port, log);
    io.stdout(`listening on ws://${host}:${server.port}/rpc\n`);
    const failure = await untilStopped(io.signal, server.failed);
    if (failure) {
      io.stderr(
        `simpay server: stopping: ${failure.message} (what was acknowledged is in the redo log; start the server again to replay it)\n`,
      );
      await server.close().catch(() => undefined);
      return 1;
    }
    await server.close();
    io.stdout('stopped\n');
    return 0;
  },
};
