// One process's share of `simpay bench fleet`: handsets, each with its own SIM adaptor (settings in
// memory) and virtual SIM, powering on and paying once through the adaptor's menu, the secured SMS
// (TS 102 225 command packet in an SMS-SUBMIT, TS 23.040 §9.2.2.2) opened by an in-process sink
// with the server's keys, APDUs counted on both sides of the adaptor and memory sampled.
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import { loadProfile } from '../bridge/profile-store/profile-store.ts';
import {
  menuRequest,
  menuUser,
  selectFromMenu,
  TEST_ADAPTOR_SETTINGS,
} from '../cli/handset-adaptor.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
  parseAdaptorSettings,
  type AdaptorConfig,
  type AdaptorSettings,
} from '../firmware-sim/adaptor/index.ts';
import type { CardLink } from '../firmware-sim/card-link.ts';
import { CardChannel } from '../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import { memoryVoice, type CarrierPort, type OutgoingSms } from '../firmware-sim/handset/ports.ts';
import {
  createVirtualSim,
  virtualSimLink,
  type Profile,
} from '../firmware-sim/virtual-sim/index.ts';
import { fromHex } from '../protocol/bytes/index.ts';
import { unwrapCommandPacket } from '../protocol/ota/index.ts';
import { decodeSmsSubmit } from '../protocol/sms/sms-submit.ts';

/** The fixture profile every handset's SIM starts from. */
export const FLEET_PROFILE = new URL('../fixtures/sim-profiles/test-sim.json', import.meta.url)
  .pathname;
/** The payment PIN each handset enters at the adaptor's PIN prompt. */
const PAYMENT_PIN = '8642';
const SAMPLE_MS = 25;

/** What one run counted. */
export interface FleetTally {
  readonly handsets: number;
  readonly succeeded: number;
  /** SMS-SUBMITs to the server number that the sink received. */
  readonly sms: number;
  /** Of those, packets the sink opened with the server's keys (checksum, counter 1). */
  readonly verified: number;
  /** APDUs between handset and adaptor, and between adaptor and SIM. */
  readonly apdusHandset: number;
  readonly apdusSim: number;
  readonly seconds: number;
  /** CPU time (user + system) of the process during the run: the machine may be shared. */
  readonly cpuSeconds: number;
  /** Most handsets alive at once. */
  readonly peakLive: number;
  /** Heap and resident set growth over the baseline at their peaks, in bytes. */
  readonly peakHeapGrowth: number;
  readonly peakRssGrowth: number;
  readonly failures: readonly string[];
}

interface Shared {
  readonly profile: Profile;
  readonly settings: AdaptorSettings;
  readonly config: AdaptorConfig;
  readonly cipher: NodeBlockCipherEngine;
  readonly simPin: string;
  readonly counts: { apdusHandset: number; apdusSim: number; sms: number; verified: number };
  readonly sink: CarrierPort;
}

function counted(link: CardLink, count: () => void): CardLink {
  return {
    reset: () => link.reset(),
    transmit: (apdu) => {
      count();
      return link.transmit(apdu);
    },
  };
}

/** The server side of the join to come: counts SMS to the server and opens each packet. */
function serverSink(
  settings: AdaptorSettings,
  cipher: NodeBlockCipherEngine,
  counts: Shared['counts'],
): CarrierPort {
  const keys = { kic: fromHex(settings.keys.kic), kid: fromHex(settings.keys.kid) };
  const server = settings.serverNumber.replace('+', '');
  return {
    submit(sms: OutgoingSms) {
      const submit = decodeSmsSubmit(sms.tpdu);
      if (submit.destination.value === server) {
        counts.sms++;
        const opened = unwrapCommandPacket(
          submit.userData.body,
          () => ({ keys, counter: 0 }),
          cipher,
        );
        if (opened.status === 'ok' && opened.counter === 1) counts.verified++;
      }
      return Promise.resolve(submit.messageReference);
    },
  };
}

async function oneHandset(index: number, shared: Shared): Promise<string | undefined> {
  const { counts } = shared;
  const sim = counted(virtualSimLink(createVirtualSim(shared.profile)), () => counts.apdusSim++);
  const adaptor = createAdaptor({
    sim,
    storage: memoryStorage(shared.settings),
    cipher: shared.cipher,
    config: shared.config,
  });
  const request = menuRequest(`PAY ${(index % 500) + 1} 4085551212 lunch`, PAYMENT_PIN)!;
  let sent = 0;
  const carrier: CarrierPort = {
    submit: (sms) => {
      sent++;
      return shared.sink.submit(sms);
    },
  };
  const ports = {
    channel: new CardChannel(counted(adaptor.link, () => counts.apdusHandset++)),
    carrier,
    voice: memoryVoice(),
    user: menuUser(shared.simPin, request.answers),
  };
  const handset = new HandsetClient({ ports }).start();
  try {
    const status = await handset.settled();
    if (status !== 'READY') return `handset ${index}: ${status}`;
    await selectFromMenu(handset, request);
    return sent === 1 ? undefined : `handset ${index}: ${sent} SMS sent instead of 1`;
  } catch (error) {
    return `handset ${index}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    handset.stop();
    adaptor.stop();
  }
}

async function shared(): Promise<Shared> {
  const profile = await loadProfile(FLEET_PROFILE);
  const settings = parseAdaptorSettings(JSON.parse(await readFile(TEST_ADAPTOR_SETTINGS, 'utf8')));
  const cipher = new NodeBlockCipherEngine();
  const counts = { apdusHandset: 0, apdusSim: 0, sms: 0, verified: 0 };
  const simPin = profile.pin1.value;
  const config = adaptorConfig(settings);
  return {
    profile,
    settings,
    config,
    cipher,
    simPin,
    counts,
    sink: serverSink(settings, cipher, counts),
  };
}

/** Memory growth over the baseline at its peak, sampled on a timer and on demand. */
function memorySampler() {
  const base = process.memoryUsage();
  let heap = 0;
  let rss = 0;
  const sample = (): void => {
    const now = process.memoryUsage();
    heap = Math.max(heap, now.heapUsed - base.heapUsed);
    rss = Math.max(rss, now.rss - base.rss);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    sample,
    stop: () => clearInterval(timer),
    get heap() {
      return heap;
    },
    get rss() {
      return rss;
    },
  };
}

/** Runs `count` handsets, at most `concurrency` alive at once. */
export async function runFleet(count: number, concurrency: number): Promise<FleetTally> {
  const s = await shared();
  const failures: string[] = [];
  let next = 0;
  let live = 0;
  let peakLive = 0;
  const memory = memorySampler();
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      peakLive = Math.max(peakLive, ++live);
      const failure = await oneHandset(index, s);
      if (live === peakLive) memory.sample();
      live--;
      if (failure !== undefined) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startedCpu);
  memory.stop();
  const { apdusHandset, apdusSim, sms, verified } = s.counts;
  return {
    handsets: count,
    succeeded: count - failures.length,
    sms,
    verified,
    apdusHandset,
    apdusSim,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakLive,
    peakHeapGrowth: memory.heap,
    peakRssGrowth: memory.rss,
    failures,
  };
}
