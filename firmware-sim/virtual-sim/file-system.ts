// File lookup for SELECT and the file commands: which FIDs are selectable from the current
// directory (TS 51.011 §8.1, TS 102 221 §8.4.1), paths (§8.4.2), SFIs (§8.3) and access conditions.
import type { AccessCondition } from './profile.ts';
import type { CardState, EfContent } from './card-state.ts';
import {
  ADF_USIM,
  MF,
  fidOf,
  parentOf,
  type DfSpec,
  type EfSpec,
  type FileSpec,
} from './file-layout.ts';
import type { Dialect } from './outcome.ts';

const FID_MF = 0x3f00;
const FID_CURRENT_ADF = 0x7fff;

/** The file at `path`, if the card has it and the command set can see it. */
export function fileAt(state: CardState, path: string, dialect: Dialect): FileSpec | undefined {
  if (path.startsWith(ADF_USIM) && (dialect === 'gsm' || !state.volatile.adfActive)) {
    return undefined;
  }
  return state.layout.find((f) => f.path === path);
}

/** The files directly under the directory `dfPath` visible to `dialect`. */
export function childrenOf(state: CardState, dfPath: string, dialect: Dialect): FileSpec[] {
  return state.layout.filter(
    (f) => parentOf(f.path) === dfPath && fileAt(state, f.path, dialect) !== undefined,
  );
}

function childWithFid(state: CardState, dfPath: string, fid: number, dialect: Dialect) {
  return childrenOf(state, dfPath, dialect).find((f) => fidOf(f.path) === fid);
}

/**
 * Resolves a FID the way SELECT by file identifier does: the MF, the current ADF (7FFF), the
 * current DF, its children, its parent, and the DFs beside it.
 */
export function resolveFid(state: CardState, fid: number, dialect: Dialect): FileSpec | undefined {
  const current = state.volatile.currentDf;
  if (fid === FID_MF) return fileAt(state, MF, dialect);
  if (fid === FID_CURRENT_ADF && dialect === 'uicc') return fileAt(state, ADF_USIM, dialect);
  if (fidOf(current) === fid) return fileAt(state, current, dialect);
  const child = childWithFid(state, current, fid, dialect);
  if (child !== undefined) return child;
  const parent = parentOf(current);
  if (parent === undefined) return undefined;
  if (fidOf(parent) === fid) return fileAt(state, parent, dialect);
  const sibling = childWithFid(state, parent, fid, dialect);
  return sibling?.kind === 'df' ? sibling : undefined;
}

/** Resolves a path of FIDs below `startDf` (SELECT P1 08 from the MF, 09 from the current DF). */
export function resolvePath(
  state: CardState,
  fids: readonly number[],
  startDf: string,
  dialect: Dialect,
): FileSpec | undefined {
  let at: FileSpec | undefined = fileAt(state, startDf, dialect);
  for (const fid of fids) {
    if (at === undefined || at.kind !== 'df') return undefined;
    at = childWithFid(state, at.path, fid, dialect);
  }
  return at;
}

/** The EF with short file identifier `sfi` in the current DF. */
export function efBySfi(state: CardState, sfi: number, dialect: Dialect): EfSpec | undefined {
  return childrenOf(state, state.volatile.currentDf, dialect).find(
    (f): f is EfSpec => f.kind === 'ef' && f.sfi === sfi,
  );
}

/** The currently selected EF, if any. */
export function currentEf(state: CardState): EfSpec | undefined {
  const path = state.volatile.currentEf;
  const spec = path === undefined ? undefined : state.layout.find((f) => f.path === path);
  return spec?.kind === 'ef' ? spec : undefined;
}

/** The contents behind an EF (shared EFs resolve to their canonical file). */
export function contentOf(state: CardState, spec: EfSpec): EfContent {
  const content = state.contents[spec.shares ?? spec.path];
  return content ?? { kind: 'binary', data: new Uint8Array(0) };
}

/** True when the access condition is met now (PIN1 disabled counts as met). */
export function accessAllowed(state: CardState, condition: AccessCondition): boolean {
  switch (condition) {
    case 'ALW':
      return true;
    case 'PIN1':
      return !state.pin1.enabled || state.volatile.pin1Verified;
    case 'ADM':
      return state.volatile.admVerified;
    case 'NEV':
      return false;
  }
}

/** Makes `spec` the current file: a DF becomes the current directory, an EF the current EF. */
export function makeCurrent(state: CardState, spec: FileSpec): void {
  const v = state.volatile;
  if (spec.kind === 'df') {
    v.currentDf = spec.path;
    v.currentEf = undefined;
  } else {
    v.currentDf = parentOf(spec.path) ?? MF;
    v.currentEf = spec.path;
  }
  v.record = undefined;
}

/** The directory whose FCP / GSM response STATUS returns. */
export function currentDfSpec(state: CardState): DfSpec {
  const spec = state.layout.find((f) => f.path === state.volatile.currentDf);
  return spec?.kind === 'df' ? spec : { kind: 'df', path: MF, name: 'MF' };
}
