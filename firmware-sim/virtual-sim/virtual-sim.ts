// A virtual SIM card: a profile's file system and secret codes behind the GSM (TS 51.011) and
// UICC (TS 102 221) command sets. Pure and total: every command APDU gets a response APDU.
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import { profileAtr } from './atr.ts';
import { createCardState, freshVolatile, snapshotProfile, type CardState } from './card-state.ts';
import { dispatch } from './dispatch.ts';
import type { Profile } from './profile.ts';
import { validateProfile } from './profile-validation.ts';
import { queueProactiveCommand } from './toolkit.ts';

/** Longest proactive command a `91xx` can announce. */
export const PROACTIVE_COMMAND_MAX = 256;

/** A running virtual SIM. */
export interface VirtualSim {
  /** Executes one command; never throws. */
  handleApdu(apdu: CommandApdu): ResponseApdu;
  /**
   * Resets the card and returns its ATR. Clears the volatile state (current file, PIN verified
   * flags, pending response, proactive session); counters and EF contents persist.
   */
  reset(): Uint8Array;
  /** The profile that recreates this card as it is now (counters and all EF contents). */
  snapshot(): Profile;
  /**
   * Queues a proactive command (`D0…`, at most 256 bytes) of the card's own, announced with
   * `91xx` once a TERMINAL PROFILE has been received. RangeError when too long or empty.
   */
  queueProactiveCommand(command: Uint8Array): void;
  /** The card's state, for inspection. */
  readonly state: CardState;
}

/** Creates a card from a profile (validated: ProfileError when malformed). */
export function createVirtualSim(profile: Profile): VirtualSim {
  const state = createCardState(validateProfile(profile));
  const atr = profileAtr(state.profile);
  return {
    state,
    handleApdu: (apdu) => dispatch(state, apdu),
    reset: () => {
      state.volatile = freshVolatile();
      return atr.slice();
    },
    snapshot: () => snapshotProfile(state),
    queueProactiveCommand: (command) => {
      if (command.length === 0 || command.length > PROACTIVE_COMMAND_MAX) {
        throw new RangeError(`a proactive command has 1 to ${PROACTIVE_COMMAND_MAX} bytes`);
      }
      queueProactiveCommand(state, command);
    },
  };
}
