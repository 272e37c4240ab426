// Short names of the status words a SIM trace reader meets most (ISO/IEC 7816-4 §5.6,
// TS 102 221 §10.2.1, TS 51.011 §9.4), for listings; anything else gets no name.

const EXACT: ReadonlyMap<number, string> = new Map([
  [0x9000, 'OK'],
  [0x9300, 'toolkit busy'],
  [0x6700, 'wrong length'],
  [0x6982, 'security status not satisfied'],
  [0x6983, 'authentication method blocked'],
  [0x6985, 'conditions of use not satisfied'],
  [0x6a82, 'file or application not found'],
  [0x6a83, 'record not found'],
  [0x6a86, 'incorrect P1-P2'],
  [0x6b00, 'wrong parameters P1-P2'],
  [0x6d00, 'instruction not supported'],
  [0x6e00, 'class not supported'],
  [0x6f00, 'technical problem'],
  [0x9240, 'memory problem'],
  [0x9400, 'no EF selected'],
  [0x9402, 'out of range'],
  [0x9404, 'file ID not found'],
  [0x9804, 'access condition not fulfilled'],
]);

const BY_SW1: ReadonlyMap<number, (sw2: number) => string> = new Map([
  [0x61, (n: number) => `${n || 256} bytes available (GET RESPONSE)`],
  [0x6c, (n: number) => `wrong Le, use ${n || 256}`],
  [0x91, (n: number) => `OK, proactive command of ${n || 256} bytes pending (FETCH)`],
  [0x9e, (n: number) => `data download error, ${n || 256} bytes of response`],
  [0x9f, (n: number) => `${n || 256} bytes available (GET RESPONSE)`],
  [0x62, () => 'warning, memory unchanged'],
  [0x63, () => 'warning, memory changed'],
]);

/** A short name for the status word, or undefined when it has no obvious one. */
export function statusWordLabel(sw: number): string | undefined {
  return EXACT.get(sw) ?? BY_SW1.get(sw >> 8)?.(sw & 0xff);
}
