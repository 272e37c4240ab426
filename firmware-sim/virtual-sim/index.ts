// The virtual SIM: profile format, card, CardLink adapter.
export * from './profile.ts';
export { ProfileError } from './profile-error.ts';
export { validateProfile } from './profile-validation.ts';
export { createVirtualSim, type VirtualSim, PROACTIVE_COMMAND_MAX } from './virtual-sim.ts';
export { virtualSimLink } from './virtual-sim-link.ts';
export { byteLevelCard, type ByteLevelCard } from './byte-level-card.ts';
export { GSM_SIM_ATR, UICC_ATR, profileAtr } from './atr.ts';
export { codeBlock, PIN_MAX_RETRIES, PUK_MAX_RETRIES, ADM_MAX_RETRIES } from './secret-codes.ts';
export { xorTestAlgorithm, c2, c3, xorMac } from './xor-test-algorithm.ts';
