// ITU-T G.711 µ-law and A-law coders.
export { aLawCompress, aLawExpand, decodeALaw, encodeALaw } from './alaw.ts';
export { decodeMuLaw, encodeMuLaw, muLawCompress, muLawExpand } from './mulaw.ts';
export { floatToInt16, int16ToFloat } from './pcm16.ts';
