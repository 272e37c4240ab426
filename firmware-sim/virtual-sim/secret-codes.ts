// VERIFY, CHANGE, DISABLE, ENABLE and UNBLOCK PIN / CHV with retry counters: TS 51.011 §9.2.9-
// §9.2.13 (9804 wrong with attempts left, 9840 blocked, 9808 contradicts CHV status) and TS 102 221
// §11.1.9-§11.1.13 (63Cx attempts left, 6983 blocked). PIN1 has 3 attempts, PUK1 and ADM1 10.
import { fromHex } from '../../protocol/bytes/index.ts';
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardState, CodeState } from './card-state.ts';
import { OK, fail, type Dialect, type Outcome } from './outcome.ts';

export const PIN_MAX_RETRIES = 3;
export const PUK_MAX_RETRIES = 10;
export const ADM_MAX_RETRIES = 10;
const CODE_LENGTH = 8;
/** TS 51.011 §9.4.5: no CHV initialized (this card has no CHV2). */
const SW_NO_CHV2 = 0x9802;

/** A code as sent in a command: ASCII digits padded with FF to 8 bytes; 16 hex digits as is. */
export function codeBlock(value: string): Uint8Array {
  if (/^[0-9a-fA-F]{16}$/.test(value)) return fromHex(value);
  const out = new Uint8Array(CODE_LENGTH).fill(0xff);
  for (let i = 0; i < value.length && i < CODE_LENGTH; i++) out[i] = value.charCodeAt(i);
  return out;
}

/** The digits of a new PIN block (4 to 8 ASCII digits then FF), or undefined if malformed. */
function pinDigits(block: Uint8Array): string | undefined {
  const end = block.indexOf(0xff) < 0 ? block.length : block.indexOf(0xff);
  if (end < 4 || block.subarray(end).some((b) => b !== 0xff)) return undefined;
  const digits = String.fromCharCode(...block.subarray(0, end));
  return /^[0-9]+$/.test(digits) ? digits : undefined;
}

const sameBlock = (a: Uint8Array, b: Uint8Array): boolean => a.every((x, i) => b[i] === x);

interface CodeRef {
  readonly code: CodeState;
  readonly max: number;
  readonly onVerified: (state: CardState) => void;
}

export type CodeCommand = 'verify' | 'change' | 'disable' | 'enable' | 'unblock';

/** The code a P2 names: GSM 01 CHV1 (00 for UNBLOCK), UICC 01 PIN1; 0A ADM1 for VERIFY. */
function codeRef(
  state: CardState,
  apdu: CommandApdu,
  dialect: Dialect,
  command: CodeCommand,
): CodeRef | undefined {
  const unblock = command === 'unblock';
  const pin1Ref = dialect === 'gsm' && unblock ? 0x00 : 0x01;
  if (apdu.p2 === pin1Ref) {
    const code = unblock ? state.puk1 : state.pin1;
    const max = unblock ? PUK_MAX_RETRIES : PIN_MAX_RETRIES;
    return { code, max, onVerified: (s) => (s.volatile.pin1Verified = true) };
  }
  if (apdu.p2 === 0x0a && command === 'verify' && state.adm1 !== undefined) {
    return {
      code: state.adm1,
      max: ADM_MAX_RETRIES,
      onVerified: (s) => (s.volatile.admVerified = true),
    };
  }
  return undefined;
}

/** 63Cx / 9804 after a wrong code, 6983 / 9840 once blocked. */
function wrongCode(ref: CodeRef, state: CardState, dialect: Dialect, isPin1: boolean): Outcome {
  ref.code.retriesLeft = Math.max(0, ref.code.retriesLeft - 1);
  if (isPin1) state.volatile.pin1Verified = false;
  if (dialect === 'uicc') return { sw: 0x63c0 | ref.code.retriesLeft };
  return ref.code.retriesLeft === 0
    ? fail('gsm', 'pinBlocked')
    : fail('gsm', 'securityNotSatisfied');
}

/** Presents `block` to the code; undefined on success (counter reset), else the failure. */
function present(
  state: CardState,
  ref: CodeRef,
  block: Uint8Array,
  dialect: Dialect,
): Outcome | undefined {
  if (ref.code.retriesLeft === 0) return fail(dialect, 'pinBlocked');
  if (!sameBlock(codeBlock(ref.code.value), block)) {
    return wrongCode(ref, state, dialect, ref.code === state.pin1);
  }
  ref.code.retriesLeft = ref.max;
  ref.onVerified(state);
  return undefined;
}

/** Handles the five secret-code commands. */
export function secretCodeCommand(
  state: CardState,
  apdu: CommandApdu,
  dialect: Dialect,
  command: CodeCommand,
): Outcome {
  if (apdu.p1 !== 0) return fail(dialect, 'wrongP1P2');
  const ref = codeRef(state, apdu, dialect, command);
  if (ref === undefined && dialect === 'gsm' && apdu.p2 === 0x02) return { sw: SW_NO_CHV2 };
  if (ref === undefined) return fail(dialect, 'referenceNotFound');
  const query = command === 'verify' || command === 'unblock';
  if (apdu.data.length === 0 && dialect === 'uicc' && query) {
    const verified = command === 'verify' && ref.code === state.pin1 && state.volatile.pin1Verified;
    return verified ? OK : { sw: 0x63c0 | ref.code.retriesLeft };
  }
  const expected = command === 'change' || command === 'unblock' ? 16 : 8;
  if (apdu.data.length !== expected) return fail(dialect, 'wrongLength');
  if (clashesWithPinStatus(state, ref, command)) return fail(dialect, 'contradictsPinStatus');
  const newPin = expected === 16 ? pinDigits(apdu.data.subarray(8)) : undefined;
  if (expected === 16 && newPin === undefined) return fail(dialect, 'wrongData');
  const refused = present(state, ref, apdu.data.subarray(0, 8), dialect);
  return refused ?? apply(state, command, newPin);
}

/** VERIFY, CHANGE and DISABLE need PIN1 enabled, ENABLE needs it disabled (9808 / 6985). */
function clashesWithPinStatus(state: CardState, ref: CodeRef, command: CodeCommand): boolean {
  if (ref.code !== state.pin1) return false;
  return command === 'enable' ? state.pin1.enabled : !state.pin1.enabled;
}

/** A successful command's effect; UNBLOCK also sets a new PIN1, enabled and verified. */
function apply(state: CardState, command: CodeCommand, newPin?: string): Outcome {
  const pin1 = state.pin1;
  if (command === 'disable') pin1.enabled = false;
  if (command === 'enable') pin1.enabled = true;
  if (command === 'change' && newPin !== undefined) pin1.value = newPin;
  if (command === 'unblock' && newPin !== undefined) {
    pin1.value = newPin;
    pin1.retriesLeft = PIN_MAX_RETRIES;
    pin1.enabled = true;
    state.volatile.pin1Verified = true;
  }
  return OK;
}
