// The state of a virtual SIM as one plain value: EF contents, invalidation and secret-code counters (persistent,
// TS 102 221 §9.5), and the volatile part a reset clears (current file and record, PIN verified
// flags, pending response data, the proactive session; ISO/IEC 7816-4 §7.1.1, TS 102 221 §14.6).
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import { MF, cardLayout, type EfSpec, type FileSpec } from './file-layout.ts';
import { initialBinary, initialRecords } from './identity-files.ts';
import type { Profile, StoredFile } from './profile.ts';

/** What an EF holds: bytes of a transparent EF, or records (cyclic: record 1 = most recent). */
export type EfContent =
  | { readonly kind: 'binary'; data: Uint8Array }
  | { readonly kind: 'records'; records: Uint8Array[] };

/** A secret code and its remaining attempts. */
export interface CodeState {
  value: string;
  retriesLeft: number;
}

/** Cleared by every reset. */
export interface VolatileState {
  currentDf: string;
  currentEf: string | undefined;
  /** Current record number of the current EF (1-based), undefined right after SELECT. */
  record: number | undefined;
  adfActive: boolean;
  pin1Verified: boolean;
  admVerified: boolean;
  /** Response data waiting for GET RESPONSE (after 61xx / 9Fxx). */
  pendingResponse: Uint8Array | undefined;
  terminalProfileSeen: boolean;
  /** Proactive commands not yet answered by a TERMINAL RESPONSE, oldest first. */
  proactiveQueue: Uint8Array[];
  /** True between the FETCH of the first queued command and its TERMINAL RESPONSE. */
  proactiveFetched: boolean;
}

export interface CardState {
  readonly profile: Profile;
  readonly layout: readonly FileSpec[];
  /** Contents by canonical path (shared EFs appear once). */
  readonly contents: Record<string, EfContent>;
  readonly pin1: CodeState & { enabled: boolean };
  readonly puk1: CodeState;
  readonly adm1: CodeState | undefined;
  terminalProfile: Uint8Array | undefined;
  /** Canonical paths of invalidated EFs (TS 51.011 §9.2.14); persistent. */
  invalidated: string[];
  volatile: VolatileState;
}

/** The volatile state right after a reset: MF selected, nothing verified (TS 102 221 §8.4). */
export function freshVolatile(): VolatileState {
  return {
    currentDf: MF,
    currentEf: undefined,
    record: undefined,
    adfActive: false,
    pin1Verified: false,
    admVerified: false,
    pendingResponse: undefined,
    terminalProfileSeen: false,
    proactiveQueue: [],
    proactiveFetched: false,
  };
}

/** Builds the card from a validated profile. */
export function createCardState(profile: Profile): CardState {
  const layout = cardLayout(profile);
  const stored = new Map((profile.files ?? []).map((f) => [f.path, f]));
  const contents: Record<string, EfContent> = {};
  for (const spec of layout) {
    if (spec.kind !== 'ef' || spec.shares !== undefined) continue;
    contents[spec.path] = initialContent(spec, profile, stored.get(spec.path));
  }
  const code = (c: { value: string; retriesLeft: number }): CodeState => ({ ...c });
  return {
    profile,
    layout,
    contents,
    pin1: { ...code(profile.pin1), enabled: profile.pin1.enabled },
    puk1: code(profile.puk1),
    adm1: profile.adm1 === undefined ? undefined : code(profile.adm1),
    terminalProfile:
      profile.terminalProfile === undefined ? undefined : fromHex(profile.terminalProfile),
    invalidated: [...(profile.invalidatedFiles ?? [])],
    volatile: freshVolatile(),
  };
}

function initialContent(spec: EfSpec, profile: Profile, stored?: StoredFile): EfContent {
  if (spec.structure === 'transparent') {
    const data = stored?.data === undefined ? initialBinary(spec, profile) : fromHex(stored.data);
    return { kind: 'binary', data };
  }
  const records =
    stored?.records === undefined ? initialRecords(spec, profile) : stored.records.map(fromHex);
  return { kind: 'records', records };
}

/** The profile that recreates this card: counters, terminal profile and every EF's contents. */
export function snapshotProfile(state: CardState): Profile {
  const files: StoredFile[] = Object.entries(state.contents).map(([path, content]) =>
    content.kind === 'binary'
      ? { path, data: toHex(content.data) }
      : { path, records: content.records.map(toHex) },
  );
  const { pin1, puk1, adm1 } = state;
  const base: Profile = {
    ...state.profile,
    pin1: { value: pin1.value, retriesLeft: pin1.retriesLeft, enabled: pin1.enabled },
    puk1: { value: puk1.value, retriesLeft: puk1.retriesLeft },
    files,
  };
  const { invalidatedFiles: _old, ...rest } = base;
  const invalidated = [...state.invalidated].sort();
  const withFiles = invalidated.length === 0 ? rest : { ...rest, invalidatedFiles: invalidated };
  const withAdm = adm1 === undefined ? withFiles : { ...withFiles, adm1: { ...adm1 } };
  return state.terminalProfile === undefined
    ? withAdm
    : { ...withAdm, terminalProfile: toHex(state.terminalProfile) };
}
