// The service tables a handset reads before it uses SMS-PP data download, MO SMS control and
// proactive commands: EF_SST (TS 51.011 §10.3.7, two bits "allocated, activated" per service) and
// EF_UST (TS 31.102 §4.2.8, one bit per service). The adaptor sets the services it provides in the
// bytes the card returns to READ BINARY.

/** EF_SST services: 26 data download via SMS-PP, 29 proactive SIM, 37 MO SMS control by SIM. */
export const SST_SERVICES = [26, 29, 37] as const;
/** EF_UST services: 28 data download via SMS-PP, 31 MO SMS control by USIM. */
export const UST_SERVICES = [28, 31] as const;
/** Service number of MO SMS control in each table. */
export const MO_SMS_CONTROL_SERVICE = { sst: 37, ust: 31 } as const;

export type ServiceTable = 'sst' | 'ust';

/** Byte index and mask of service `n` (1-based) in the table; SST sets both allocated and activated. */
function position(
  table: ServiceTable,
  n: number,
): { readonly index: number; readonly mask: number } {
  if (table === 'ust') return { index: (n - 1) >> 3, mask: 1 << ((n - 1) & 7) };
  return { index: (n - 1) >> 2, mask: 0b11 << (2 * ((n - 1) & 3)) };
}

/** True when service `n` is on in the full table `bytes`. */
export function hasService(table: ServiceTable, bytes: Uint8Array, n: number): boolean {
  const { index, mask } = position(table, n);
  const byte = bytes[index];
  return byte !== undefined && (byte & mask) === mask;
}

/**
 * The READ BINARY data `data` (starting at file offset `offset`) with `services` switched on.
 * Bytes outside the part read are not touched; a table shorter than a service's byte stays short.
 */
export function withServices(
  table: ServiceTable,
  data: Uint8Array,
  offset: number,
  services: readonly number[],
): Uint8Array {
  const out = data.slice();
  for (const n of services) {
    const { index, mask } = position(table, n);
    const at = index - offset;
    if (at >= 0 && at < out.length) out[at] = out[at]! | mask;
  }
  return out;
}

/**
 * Whether the card itself offers service `n`, judged from READ BINARY data starting at `offset`;
 * undefined when the byte holding the service was not read.
 */
export function serviceInData(
  table: ServiceTable,
  data: Uint8Array,
  offset: number,
  n: number,
): boolean | undefined {
  const { index, mask } = position(table, n);
  const byte = data[index - offset];
  if (index < offset || byte === undefined) return undefined;
  return (byte & mask) === mask;
}
