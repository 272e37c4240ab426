// The adaptor's operating system: for each command from the handset the system's own answers,
// then the pre-SIM call-outs of the registered applications in order, the card last, then the
// post-SIM call-outs before the handset regains control. Settings a call-out changed are saved
// before the card sees the command and again before the handset regains control.
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { responseApdu, type CommandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { classFamily } from '../../protocol/iso7816/instruction-cases.ts';
import type { CardLink } from '../card-link.ts';
import type { AdaptorApplication, ChainEvent, HandsetCommand } from './application.ts';
import { afterCard, finalStatus, refreshMenu } from './card-response.ts';
import type { AdaptorConfig } from './config.ts';
import { initialCoreState, isEnabled, systemApi, type CoreState } from './core-state.ts';
import { fileOfCommand } from './file-tracking.ts';
import { linkError } from './link-error.ts';
import type { AdaptorNotice } from './notices.ts';
import { resetMerge } from './proactive-merge.ts';
import type { AdaptorSettings, AdaptorStorage } from './settings.ts';
import { INS, systemAnswer, type SystemContext } from './system-commands.ts';

/** Ports and parts of one adaptor. */
export interface CoreDeps {
  readonly sim: CardLink;
  readonly storage: AdaptorStorage;
  readonly cipher: BlockCipherEngine;
  readonly config: AdaptorConfig;
  /** In chain order; the card comes after all of them. */
  readonly applications: readonly AdaptorApplication[];
}

/** One command's outcome: the handset's response, what the card got, and the notices. */
export interface Exchange {
  readonly response: ResponseApdu;
  readonly toCard: CommandApdu | undefined;
  readonly notices: readonly AdaptorNotice[];
}

/** Events from the device itself rather than the handset's card interface. */
export type DeviceEvent =
  | { readonly type: 'device.button'; readonly button: string }
  | { readonly type: 'device.ring'; readonly caller: string };

/** The operating system of one adaptor. One call at a time (the machine serialises them). */
export interface AdaptorCore {
  readonly settings: AdaptorSettings;
  /** Loads the settings (the factory settings when none were saved). */
  load(): Promise<void>;
  /** Resets the card and forgets the session; resolves to the card's ATR, unchanged. */
  reset(): Promise<Uint8Array>;
  exchange(apdu: CommandApdu): Promise<Exchange>;
  device(event: DeviceEvent): Promise<readonly AdaptorNotice[]>;
}

const MO_CONTROL_TAG = 0xd5;

/** The core's parts during one call. */
interface Runtime {
  readonly deps: CoreDeps;
  readonly state: CoreState;
  readonly ctx: SystemContext;
}

function enabled(rt: Runtime, event: ChainEvent): AdaptorApplication[] {
  return rt.deps.applications.filter(
    (app) => isEnabled(rt.state, app) && app.events.includes(event),
  );
}

async function save(rt: Runtime): Promise<void> {
  if (!rt.state.dirty) return;
  try {
    await rt.deps.storage.save(rt.state.settings);
  } catch {
    throw linkError('ADAPTOR_STORAGE_FAILED');
  }
  rt.state.dirty = false;
}

/** Pre-SIM call-outs in order, the card last, then the post-SIM call-outs. */
async function throughChain(
  rt: Runtime,
  first: HandsetCommand,
): Promise<{ response: ResponseApdu; toCard?: CommandApdu }> {
  const { state, deps } = rt;
  let command = first;
  for (const app of enabled(rt, 'handset.apdu')) {
    const decision = app.beforeCard?.(command, systemApi(state, app.name, deps.cipher));
    if (decision?.kind === 'answer') return { response: decision.response };
    if (decision?.kind === 'replace') command = { ...command, apdu: decision.apdu };
  }
  const { apdu } = command;
  const moControl = apdu.ins === INS.envelope && apdu.data[0] === MO_CONTROL_TAG;
  if (moControl && state.simMoControl === false) return { response: responseApdu(0x9000) };
  await save(rt);
  let response = afterCard(rt.ctx, command, await deps.sim.transmit(apdu));
  for (const app of enabled(rt, 'card.response')) {
    const api = systemApi(state, app.name, deps.cipher);
    response = app.afterCard?.(command, response, api) ?? response;
  }
  return { response, toCard: apdu };
}

async function exchange(rt: Runtime, apdu: CommandApdu): Promise<Exchange> {
  const { state } = rt;
  state.notices = [];
  const family = classFamily(apdu.cla);
  const own = systemAnswer(rt.ctx, apdu, family);
  const file = fileOfCommand(state.selection, apdu);
  const outcome =
    own === undefined ? await throughChain(rt, { apdu, family, file }) : { response: own };
  refreshMenu(rt.ctx, rt.deps.config.menuTitle);
  const response = finalStatus(state, apdu, outcome.response);
  await save(rt);
  const toCard = outcome.toCard;
  const traced: AdaptorNotice = { type: 'apdu.traced', command: apdu, response, toCard };
  return { response, toCard, notices: [...state.notices, traced] };
}

async function device(rt: Runtime, event: DeviceEvent): Promise<readonly AdaptorNotice[]> {
  rt.state.notices = [];
  for (const app of enabled(rt, event.type)) {
    const api = systemApi(rt.state, app.name, rt.deps.cipher);
    if (event.type === 'device.button') app.onButton?.(event.button, api);
    else app.onRing?.(event.caller, api);
  }
  await save(rt);
  return [...rt.state.notices];
}

/** Creates the operating system of one adaptor. */
export function createAdaptorCore(deps: CoreDeps): AdaptorCore {
  const state: CoreState = initialCoreState(deps.config.factorySettings);
  const rt: Runtime = { deps, state, ctx: { state, apps: deps.applications, cipher: deps.cipher } };
  return {
    get settings() {
      return state.settings;
    },
    async load() {
      let stored: AdaptorSettings | undefined;
      try {
        stored = await deps.storage.load();
      } catch {
        throw linkError('ADAPTOR_STORAGE_FAILED');
      }
      state.settings = stored ?? deps.config.factorySettings;
    },
    async reset() {
      const atr = await deps.sim.reset();
      Object.assign(state, initialCoreState(state.settings), { merge: resetMerge(state.merge) });
      for (const app of deps.applications) app.onReset?.();
      return atr;
    },
    exchange: (apdu) => exchange(rt, apdu),
    device: (event) => device(rt, event),
  };
}
