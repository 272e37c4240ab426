// The adaptor's working state between two commands: settings (saved), and what it knows of the
// session with the handset: selected file, proactive merge, menus, data waiting for GET RESPONSE.
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { responseApdu } from '../../protocol/iso7816/apdu.ts';
import { moreDataSw } from '../../protocol/iso7816/t0-card-response.ts';
import type { AdaptorApplication, SystemApi } from './application.ts';
import { NO_SELECTION, type Selection } from './file-tracking.ts';
import type { MenuState, OwnItem } from './menu-merge.ts';
import type { AdaptorNotice } from './notices.ts';
import { enqueue, INITIAL_MERGE, type MergeState } from './proactive-merge.ts';
import type { AdaptorSettings } from './settings.ts';

/** Mutable state of one adaptor, owned by its core. */
export interface CoreState {
  settings: AdaptorSettings;
  /** Settings changed since the last save. */
  dirty: boolean;
  selection: Selection;
  merge: MergeState;
  menu: MenuState;
  /** Response data of the adaptor announced with 61xx/9Fxx, served on GET RESPONSE. */
  ownResponse: Uint8Array | undefined;
  /** A proactive command to hand over on the next FETCH (after a 6Cxx/67xx for its length). */
  pendingFetch: Uint8Array | undefined;
  /** Whether the card offers MO SMS control itself (from its service table), once read. */
  simMoControl: boolean | undefined;
  /** The handset's TERMINAL PROFILE asked for SET UP MENU. */
  menuSupported: boolean;
  /** The own menu entries last announced, to notice changes. */
  announcedMenu: string | undefined;
  /** Secured SMS stored on the card for the server that MO SMS control has not seen yet. */
  securedSms: number;
  notices: AdaptorNotice[];
}

/** The state after power-on or a reset, keeping `settings`. */
export function initialCoreState(settings: AdaptorSettings): CoreState {
  return {
    settings,
    dirty: false,
    selection: NO_SELECTION,
    merge: INITIAL_MERGE,
    menu: { sim: undefined, own: [] },
    ownResponse: undefined,
    pendingFetch: undefined,
    simMoControl: undefined,
    menuSupported: false,
    announcedMenu: undefined,
    securedSms: 0,
    notices: [],
  };
}

/** True when the application takes part in the chain (management is always enabled). */
export function isEnabled(state: CoreState, app: AdaptorApplication): boolean {
  return app.name === 'management' || state.settings.applications[app.name];
}

/** Menu entries of the enabled applications, in chain order. */
export function ownItems(state: CoreState, apps: readonly AdaptorApplication[]): OwnItem[] {
  return apps
    .filter((app) => isEnabled(state, app))
    .flatMap((app) => (app.menu ?? []).map((text, index) => ({ owner: app.name, index, text })));
}

/** The services of the system to `owner` for one call-out. */
export function systemApi(state: CoreState, owner: string, cipher: BlockCipherEngine): SystemApi {
  return {
    get settings() {
      return state.settings;
    },
    cipher,
    updateSettings(change) {
      state.settings = change(state.settings);
      state.dirty = true;
    },
    queueCommand(command) {
      state.merge = enqueue(state.merge, owner, command);
    },
    securedSmsMade() {
      state.securedSms++;
    },
    sendingOwnSms() {
      return state.merge.ownOutstanding?.command.type === 'sendShortMessage';
    },
    takeSecuredSms() {
      if (state.securedSms === 0) return false;
      state.securedSms--;
      return true;
    },
    deferred(data, family) {
      state.ownResponse = data;
      return responseApdu(moreDataSw(family, data.length));
    },
    notify(notice) {
      state.notices.push(notice);
    },
  };
}
