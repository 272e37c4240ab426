// `simpay sim serve`: the virtual SIM as a card in pcscd's virtual reader (vsmartcard vpcd), so
// any PC/SC application (pcsc_scan, scriptor, pySim) talks to it; stops on SIGINT/SIGTERM and can
// save the card's state back to the profile.
import { ProfileStoreError } from '../bridge/profile-store/profile-store-error.ts';
import { loadProfile, saveProfile } from '../bridge/profile-store/profile-store.ts';
import {
  startVpcdClient,
  VPCD_DEFAULT_HOST,
  VPCD_DEFAULT_PORT,
  type VpcdClientEvent,
} from '../bridge/vpcd/vpcd-client.ts';
import { toSpacedHex } from '../protocol/bytes/index.ts';
import { createVirtualSim } from '../firmware-sim/virtual-sim/index.ts';
import { CliError, parseOptions, UsageError, type Command } from './command.ts';

const help = `Usage: simpay sim serve --profile FILE [--vpcd HOST:PORT] [--save]

Runs the virtual SIM of a profile as a card in pcscd's virtual reader (vsmartcard vpcd,
reader "Virtual PCD 00 00" for port 35963). Connects to vpcd, retrying until it listens and
again whenever pcscd restarts; answers power on/off, reset, ATR and APDUs until SIGINT/SIGTERM.

Options:
  --profile FILE     virtual SIM profile (JSON, see fixtures/sim-profiles/)
  --vpcd HOST:PORT   where vpcd listens (default ${VPCD_DEFAULT_HOST}:${VPCD_DEFAULT_PORT}; slot 1 is port 35964)
  --save             on exit, write the card's state (counters, EF contents) back to FILE

Needs: pcscd and vsmartcard-vpcd (apt-get install pcscd vsmartcard-vpcd). vpcd listens on every
interface by default; on a shared network firewall ports 35963/35964.

Speed: vpcd before virtualsmartcard 0.9 (Debian bookworm's vsmartcard-vpcd 3.3) writes each frame
in two parts, so every APDU waits about 40 ms for loopback TCP's delayed ACK (about 20 APDU/s, see
simpay bench pcsc). A vpcd from virtualsmartcard 0.9 or later, or immediate ACKs on loopback
  ip route change local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1 quickack 1
(as root, or inside a private network namespace), give thousands of APDU/s.

Example:
  simpay sim serve --profile fixtures/sim-profiles/test-sim.json &
  pcsc_scan
`;

/** Parses HOST:PORT (IPv6 in brackets); UsageError when malformed. */
export function parseHostPort(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port < 1 || port > 65535) {
    throw new UsageError(`--vpcd must be HOST:PORT with a port 1-65535, got '${text}'`);
  }
  return { host: match[1] ?? match[2]!, port };
}

function describe(event: VpcdClientEvent): string | undefined {
  switch (event.kind) {
    case 'connected':
      return `card inserted: connected to vpcd at ${event.address}`;
    case 'disconnected':
      return `card removed: vpcd connection lost (${event.reason}); reconnecting`;
    case 'protocol-error':
      return `vpcd protocol error: ${event.message}`;
    case 'retry':
      return undefined;
  }
}

async function load(path: string) {
  try {
    return await loadProfile(path);
  } catch (error) {
    if (error instanceof ProfileStoreError) throw new CliError(error.message);
    throw error;
  }
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'serve the virtual SIM as a PC/SC card through pcscd + vpcd',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, {
      profile: { type: 'string' },
      vpcd: { type: 'string' },
      save: { type: 'boolean' },
    });
    if (positionals[0] !== 'serve' || positionals.length !== 1) {
      throw new UsageError(`expected 'serve', got '${positionals.join(' ')}'`);
    }
    if (values.profile === undefined) throw new UsageError('--profile FILE is required');
    const address = parseHostPort(values.vpcd ?? `${VPCD_DEFAULT_HOST}:${VPCD_DEFAULT_PORT}`);
    const profilePath = values.profile;
    const sim = createVirtualSim(await load(profilePath));
    const log = (line: string): void => io.stderr(`simpay sim: ${line}\n`);
    const client = startVpcdClient({
      card: sim,
      ...address,
      onEvent: (event) => {
        const line = describe(event);
        if (line !== undefined) log(line);
      },
    });
    io.stdout(
      `serving ICCID ${sim.snapshot().iccid} (ATR ${toSpacedHex(sim.reset())}) on vpcd ${address.host}:${address.port}\n`,
    );
    if (!io.signal.aborted) {
      await new Promise((resolve) => io.signal.addEventListener('abort', resolve, { once: true }));
    }
    await client.stop();
    if (values.save) {
      try {
        await saveProfile(profilePath, sim.snapshot());
      } catch (error) {
        if (error instanceof ProfileStoreError) throw new CliError(error.message);
        throw error;
      }
      io.stdout(`saved ${profilePath}\n`);
    }
    io.stdout('stopped\n');
    return 0;
  },
};
