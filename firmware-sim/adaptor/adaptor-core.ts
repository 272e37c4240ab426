// The adaptor's operating system: for each command from the handset the system's own answers,
// then the pre-SIM call-outs of the registered applications in order, the card last, then the
// post-SIM call-outs before the handset regains control; settings are saved before it does.
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { responseApdu, type CommandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { classFamily } from '../../protocol/iso7816/instruction-cases.ts';
import type { CardLink } from '../card-link.ts';
import type { AdaptorApplication, ChainEvent, HandsetCommand } from './application.ts';
import { afterCard, finalStatus, refreshMenu } from './card-response.ts';
import type { AdaptorConfig } from './config.ts';
import { initialCoreState, isEnabled, systemApi, type CoreState } from './core-state.ts';
import { fileOfCommand, NO_SELECTION } from './file-tracking.ts';
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

export function createAdaptorCore(deps: CoreDeps): AdaptorCore {
  const state: CoreState = initialCoreState(deps.config.factorySettings);
  const ctx: SystemContext = { state, apps: deps.applications, cipher: deps.cipher };
  const enabled = (event: ChainEvent) =>
    deps.applications.filter((app) => isEnabled(state, app) && app.events.includes(event));

  const save = async (): Promise<void> => {
    if (!state.dirty) return;
    try {
      await deps.storage.save(state.settings);
    } catch {
      throw linkError('ADAPTOR_STORAGE_FAILED');
    }
    state.dirty = false;
  };

  const throughChain = async (
    first: HandsetCommand,
  ): Promise<{ response: ResponseApdu; toCard?: CommandApdu }> => {
    let command = first;
    for (const app of enabled('handset.apdu')) {
      const decision = app.beforeCard?.(command, systemApi(state, app.name, deps.cipher));
      if (decision?.kind === 'answer') return { response: decision.response };
      if (decision?.kind === 'replace') command = { ...command, apdu: decision.apdu };
    }
    const { apdu } = command;
    if (
      apdu.ins === INS.envelope &&
      apdu.data[0] === MO_CONTROL_TAG &&
      state.simMoControl === false
    ) {
      return { response: responseApdu(0x9000) };
    }
    let response = afterCard(ctx, command, await deps.sim.transmit(apdu));
    for (const app of enabled('card.response')) {
      response =
        app.afterCard?.(command, response, systemApi(state, app.name, deps.cipher)) ?? response;
    }
    return { response, toCard: apdu };
  };

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
      state.selection = NO_SELECTION;
      for (const app of deps.applications) app.onReset?.();
      return atr;
    },
    async exchange(apdu) {
      state.notices = [];
      const family = classFamily(apdu.cla);
      const own = systemAnswer(ctx, apdu, family);
      const file = fileOfCommand(state.selection, apdu);
      const outcome =
        own === undefined ? await throughChain({ apdu, family, file }) : { response: own };
      refreshMenu(ctx, deps.config.menuTitle);
      const response = finalStatus(state, apdu, outcome.response);
      await save();
      const toCard = outcome.toCard;
      const notices = [
        ...state.notices,
        { type: 'apdu.traced', command: apdu, response, toCard } as const,
      ];
      return { response, toCard, notices };
    },
    async device(event) {
      state.notices = [];
      const chainEvent: ChainEvent = event.type;
      for (const app of enabled(chainEvent)) {
        const api = systemApi(state, app.name, deps.cipher);
        if (event.type === 'device.button') app.onButton?.(event.button, api);
        else app.onRing?.(event.caller, api);
      }
      await save();
      return [...state.notices];
    },
  };
}
