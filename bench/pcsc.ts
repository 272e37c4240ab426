// `simpay bench pcsc`: APDU round trips per second through the whole PC/SC stack (PcscCardLink ->
// pcscd -> vsmartcard vpcd -> the virtual SIM over TCP) and in-process (virtualSimLink), for the
// same mix of SELECT / GET RESPONSE / READ BINARY / VERIFY / STATUS, and the ratio between them.
// vpcd before virtualsmartcard 0.9 (Debian's vsmartcard-vpcd 3.3) sends a frame's length and
// payload in two writes without TCP_NODELAY: Nagle holds the payload until the card side ACKs the
// length, which Linux delays by about 40 ms on an interactive connection. That, not pcscd, sets
// the pace; Node cannot ACK sooner (no TCP_QUICKACK), so the report names the remedies.
import { performance } from 'node:perf_hooks';
import { CliError, intOption, parseOptions, type CliIo } from '../cli/command.ts';
import { createPcscCardLink } from '../bridge/pcsc/pcsc-card-link.ts';
import { TransportError } from '../firmware-sim/transport-error.ts';
import { probePcscd } from '../bridge/pcsc/pcsc-library.ts';
import { loadProfile } from '../bridge/profile-store/profile-store.ts';
import { ProfileStoreError } from '../bridge/profile-store/profile-store-error.ts';
import { startVpcdClient, VPCD_DEFAULT_PORT } from '../bridge/vpcd/vpcd-client.ts';
import { fromHex, toHex } from '../protocol/bytes/index.ts';
import { commandApdu, type CommandApdu } from '../protocol/iso7816/apdu.ts';
import type { CardLink } from '../firmware-sim/card-link.ts';
import { createVirtualSim, virtualSimLink } from '../firmware-sim/virtual-sim/index.ts';
import type { Profile } from '../firmware-sim/virtual-sim/profile.ts';

/** Below this rate each APDU waits for a delayed ACK (about 40 ms) behind vpcd's split write. */
const DELAYED_ACK_PACE = 50;
const DELAYED_ACK_NOTE =
  'about 40 ms per APDU: vpcd writes length and payload apart and loopback TCP delays the ACK; ' +
  'a vpcd from virtualsmartcard 0.9 or later, or `ip route change local 127.0.0.1 dev lo table ' +
  'local proto kernel scope host src 127.0.0.1 quickack 1`, gives thousands of APDU/s';

/** In-process rounds per PC/SC round, so that both runs last long enough to time. */
const IN_PROCESS_FACTOR = 500;
const DEFAULT_PROFILE = new URL('../fixtures/sim-profiles/test-sim.json', import.meta.url).pathname;

/** The mix: one round = 6 APDUs a handset sends at start-up (TS 102 221 §11, TS 31.102 §4.2). */
function apduMix(pin: string): CommandApdu[] {
  const pinBlock = new Uint8Array(8).fill(0xff);
  pinBlock.set(new TextEncoder().encode(pin));
  return [
    commandApdu(0x00, 0xa4, 0x00, 0x04, fromHex('3f00')),
    commandApdu(0x00, 0xc0, 0x00, 0x00, new Uint8Array(0), 0x22),
    commandApdu(0x00, 0xa4, 0x00, 0x0c, fromHex('2fe2')),
    commandApdu(0x00, 0xb0, 0x00, 0x00, new Uint8Array(0), 10),
    commandApdu(0x00, 0x20, 0x00, 0x01, pinBlock),
    commandApdu(0x80, 0xf2, 0x00, 0x0c, new Uint8Array(0)),
  ];
}

interface Timing {
  readonly apdus: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** The answers of the first round, to check both paths agree. */
  readonly firstRound: readonly string[];
}

async function timeLink(
  link: CardLink,
  mix: readonly CommandApdu[],
  rounds: number,
): Promise<Timing> {
  await link.reset();
  const firstRound: string[] = [];
  for (const apdu of mix) {
    const r = await link.transmit(apdu);
    firstRound.push(`${toHex(r.data)}${r.sw.toString(16).padStart(4, '0')}`);
  }
  const started = performance.now();
  for (let i = 0; i < rounds; i++) for (const apdu of mix) await link.transmit(apdu);
  const seconds = (performance.now() - started) / 1000;
  const apdus = rounds * mix.length;
  return { apdus, seconds, perSecond: apdus / seconds, firstRound };
}

async function readProfile(path: string): Promise<Profile> {
  try {
    return await loadProfile(path);
  } catch (error) {
    if (error instanceof ProfileStoreError) throw new CliError(error.message);
    throw error;
  }
}

async function timePcsc(
  profile: Profile,
  mix: readonly CommandApdu[],
  rounds: number,
  port: number,
) {
  await probePcscd().catch((error: unknown) => {
    throw new CliError((error as Error).message);
  });
  const client = startVpcdClient({ card: createVirtualSim(profile), port });
  const reader = `Virtual PCD 00 ${String(port - VPCD_DEFAULT_PORT).padStart(2, '0')}`;
  const link = createPcscCardLink({ reader, timeoutMs: 5000 });
  try {
    await client.waitConnected(5000).catch(() => {
      throw new CliError(
        `vpcd did not accept the card on 127.0.0.1:${port}: is pcscd running with vsmartcard-vpcd?`,
      );
    });
    return await timeLink(link, mix, rounds);
  } catch (error) {
    if (error instanceof TransportError) throw new CliError(error.message);
    throw error;
  } finally {
    await link.close();
    await client.stop();
  }
}

/** Runs the benchmark; prints text or JSON. */
export async function runPcscBench(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(
    argv,
    {
      rounds: { type: 'string' },
      profile: { type: 'string' },
      slot: { type: 'string' },
      json: { type: 'boolean' },
    },
    false,
  );
  const rounds = intOption(values.rounds, 'rounds', 20, 1, 100_000);
  const slot = intOption(values.slot, 'slot', 0, 0, 1);
  const profile = await readProfile(values.profile ?? DEFAULT_PROFILE);
  const mix = apduMix(profile.pin1.value);
  const inProcessRounds = rounds * IN_PROCESS_FACTOR;
  const inProcess = await timeLink(virtualSimLink(createVirtualSim(profile)), mix, inProcessRounds);
  const pcsc = await timePcsc(profile, mix, rounds, VPCD_DEFAULT_PORT + slot);
  const agree = inProcess.firstRound.join() === pcsc.firstRound.join();
  if (!agree) throw new CliError('the card answered differently through PC/SC than in-process');
  const report = {
    mix: mix.length,
    rounds,
    inProcess: {
      apdus: inProcess.apdus,
      seconds: inProcess.seconds,
      perSecond: inProcess.perSecond,
    },
    pcsc: { apdus: pcsc.apdus, seconds: pcsc.seconds, perSecond: pcsc.perSecond },
    ratio: inProcess.perSecond / pcsc.perSecond,
    ...(pcsc.perSecond < DELAYED_ACK_PACE ? { note: DELAYED_ACK_NOTE } : {}),
  };
  if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else {
    io.stdout(
      [
        `APDU mix of ${mix.length} (SELECT MF, GET RESPONSE, SELECT EF_ICCID, READ BINARY, VERIFY, STATUS) x ${rounds} rounds through PC/SC, ${inProcessRounds} in-process`,
        `in-process:        ${report.inProcess.perSecond.toFixed(0).padStart(8)} APDU/s  (${inProcess.apdus} in ${inProcess.seconds.toFixed(3)} s)`,
        `pcscd + vpcd:      ${report.pcsc.perSecond.toFixed(0).padStart(8)} APDU/s  (${pcsc.apdus} in ${pcsc.seconds.toFixed(3)} s)`,
        `in-process / PC/SC: ${report.ratio.toFixed(1)}x`,
        ...(report.note === undefined ? [] : [report.note]),
        '',
      ].join('\n'),
    );
  }
  return 0;
}
