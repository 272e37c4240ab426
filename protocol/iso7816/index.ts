// ISO/IEC 7816 for SIM and UICC links: APDUs, status words, ATR, PPS, the INS/CLA case table and
// both sides of the T=0 transport (ISO/IEC 7816-3 §8-§10, TS 102 221 §7, TS 51.011 §9).
export * from './apdu.ts';
export * from './status-words.ts';
export * from './transmission-parameters.ts';
export * from './atr.ts';
export * from './atr-accumulator.ts';
export * from './pps.ts';
export * from './tpdu.ts';
export * from './instruction-cases.ts';
export { moreDataSw, type AckMode, type PendingResponse } from './t0-card-response.ts';
export * from './t0-card.ts';
export * from './t0-reader.ts';
