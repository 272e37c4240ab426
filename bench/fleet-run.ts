// One process's share of `simpay bench fleet`: handsets, each with its own SIM adaptor (settings in
// memory, keys of its own) and virtual SIM, powering on, attaching to the carrier and paying once
// through the adaptor's menu; the secured reply (TS 102 225 command packet in an SMS-DELIVER for
// SMS-PP download, TS 31.111 §7.1.1) comes back through the carrier and is opened by the adaptor.
// APDUs are counted on both sides of the adaptor and memory is sampled.
import { performance } from 'node:perf_hooks';
import { readFile } from 'node:fs/promises';
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import { loadProfile } from '../bridge/profile-store/profile-store.ts';
import {
  menuRequest,
  menuUser,
  selectFromMenu,
  TEST_ADAPTOR_SETTINGS,
  untilIdle,
  type MenuRequest,
} from '../cli/handset-adaptor.ts';
import {
  adaptorConfig,
  createAdaptor,
  memoryStorage,
  parseAdaptorSettings,
  type Adaptor,
  type AdaptorSettings,
} from '../firmware-sim/adaptor/index.ts';
import type { CardLink } from '../firmware-sim/card-link.ts';
import { CardChannel } from '../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import { memoryVoice, type CarrierPort } from '../firmware-sim/handset/ports.ts';
import {
  createVirtualSim,
  virtualSimLink,
  type Profile,
} from '../firmware-sim/virtual-sim/index.ts';
import type { FleetAttachment, FleetCarrier } from './fleet-carriers.ts';
import { adaptorKeys, handsetNumber, paymentOf, paymentPin } from './fleet-identity.ts';

/** The fixture profile every handset's SIM starts from. */
export const FLEET_PROFILE = new URL('../fixtures/sim-profiles/test-sim.json', import.meta.url)
  .pathname;
/** How often memory is sampled besides the moments the most handsets are alive, in ms. */
const SAMPLE_MS = 100;

/** What one run counted. */
export interface FleetTally {
  readonly handsets: number;
  readonly succeeded: number;
  /** SMS-SUBMITs the carrier acknowledged. */
  readonly sms: number;
  /** Secured replies the adaptors verified and opened (counter 1) that confirm the payment. */
  readonly replies: number;
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

/** What every handset of a run is made from. */
export interface FleetKit {
  readonly profile: Profile;
  /** The factory settings each adaptor starts from (its keys replaced by its own). */
  readonly factory: AdaptorSettings;
  readonly cipher: NodeBlockCipherEngine;
}

/** Loads the fleet's SIM profile and the adaptor's factory settings. */
export async function loadFleetKit(): Promise<FleetKit> {
  const profile = await loadProfile(FLEET_PROFILE);
  const factory = parseAdaptorSettings(JSON.parse(await readFile(TEST_ADAPTOR_SETTINGS, 'utf8')));
  return { profile, factory, cipher: new NodeBlockCipherEngine() };
}

/** The settings of handset `index`'s adaptor: the factory settings with its own keys. */
export function handsetSettings(factory: AdaptorSettings, index: number): AdaptorSettings {
  return { ...factory, keys: adaptorKeys(index) };
}

/** How a run is carried out. */
export interface FleetOptions {
  /** Index of the first handset (handsets `first` to `first + count - 1`). */
  readonly first: number;
  readonly count: number;
  /** Handsets alive at once. */
  readonly concurrency: number;
  readonly carrier: FleetCarrier;
  /** Longest a handset waits for its reply after sending, in ms. */
  readonly replyTimeoutMs: number;
}

interface Counts {
  apdusHandset: number;
  apdusSim: number;
  sms: number;
  replies: number;
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

/** Resolves with the text of the first verified server message, or rejects on a refused one. */
function replyFrom(adaptor: Adaptor): { promise: Promise<string>; stop: () => void } {
  let stop = (): void => undefined;
  const promise = new Promise<string>((resolve, reject) => {
    stop = adaptor.onNotice((notice) => {
      if (notice.type === 'sms.plaintext' && notice.counter === 1) resolve(notice.text);
      if (notice.type === 'sms.rejected') reject(new Error(`reply refused: ${notice.reason}`));
    });
  });
  return { promise, stop };
}

/** Rejects after `ms` unless `promise` settles first. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Powers on, pays through the menu and waits for the verified reply; undefined when all went well. */
async function pay(
  handset: HandsetClient,
  request: MenuRequest,
  reply: Promise<string>,
  options: FleetOptions,
): Promise<string | undefined> {
  const status = await handset.settled();
  if (status !== 'READY') return `SIM ${status}`;
  await selectFromMenu(handset, request);
  const text = await within(reply, options.replyTimeoutMs, 'reply');
  await untilIdle(handset);
  return text.startsWith('Paid ') ? undefined : `the server answered '${text}'`;
}

/** `port` with each acknowledged SMS-SUBMIT counted. */
function countedPort(port: CarrierPort, counts: Counts): CarrierPort {
  return {
    submit: async (sms) => {
      const reference = await port.submit(sms);
      counts.sms++;
      return reference;
    },
  };
}

/** The menu answers of handset `index`'s one payment, ending with its payment PIN. */
function paymentRequest(index: number): MenuRequest {
  const { amount, typedPayee } = paymentOf(index);
  return menuRequest(`PAY ${amount} ${typedPayee} lunch`, paymentPin(index))!;
}

async function oneHandset(
  index: number,
  kit: FleetKit,
  counts: Counts,
  options: FleetOptions,
): Promise<string | undefined> {
  const settings = handsetSettings(kit.factory, index);
  const sim = counted(virtualSimLink(createVirtualSim(kit.profile)), () => counts.apdusSim++);
  const storage = memoryStorage(settings);
  const config = adaptorConfig(settings);
  const adaptor = createAdaptor({ sim, storage, cipher: kit.cipher, config });
  const reply = replyFrom(adaptor);
  let handset: HandsetClient | undefined;
  let attachment: FleetAttachment | undefined;
  try {
    attachment = await options.carrier.attach(handsetNumber(index), (sms) => {
      if (handset === undefined) throw new Error('handset not on');
      if (sms.kind === 'deliver') handset.deliver(sms);
    });
    const request = paymentRequest(index);
    const ports = {
      channel: new CardChannel(counted(adaptor.link, () => counts.apdusHandset++)),
      carrier: countedPort(attachment.port, counts),
      voice: memoryVoice(),
      user: menuUser(kit.profile.pin1.value, request.answers),
    };
    handset = new HandsetClient({ ports }).start();
    const failure = await pay(handset, request, reply.promise, options);
    if (failure === undefined) counts.replies++;
    return failure === undefined ? undefined : `handset ${index}: ${failure}`;
  } catch (error) {
    return `handset ${index}: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    reply.stop();
    reply.promise.catch(() => undefined);
    handset?.stop();
    adaptor.stop();
    await attachment?.detach();
  }
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

/** Runs handsets `first` to `first + count - 1`, at most `concurrency` alive at once. */
export async function runFleet(options: FleetOptions): Promise<FleetTally> {
  const kit = await loadFleetKit();
  const counts: Counts = { apdusHandset: 0, apdusSim: 0, sms: 0, replies: 0 };
  const { first, count } = options;
  const failures: string[] = [];
  let next = 0;
  let live = 0;
  let peakLive = 0;
  let sampledPeak = 0;
  const memory = memorySampler();
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = first + next++;
      peakLive = Math.max(peakLive, ++live);
      const failure = await oneHandset(index, kit, counts, options);
      if (live === peakLive && peakLive > sampledPeak) {
        sampledPeak = peakLive;
        memory.sample();
      }
      live--;
      if (failure !== undefined) failures.push(failure);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, lane));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(startedCpu);
  memory.stop();
  return {
    handsets: count,
    succeeded: count - failures.length,
    ...counts,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakLive,
    peakHeapGrowth: memory.heap,
    peakRssGrowth: memory.rss,
    failures,
  };
}
