// ETSI TS 102 225 §5.1.1 (SPI second octet) and §5.2: whether a command packet calls for a Proof of
// Receipt, and the response packet fields that answer it (TAR and CNTR copied from the command).
import type { CommandUnwrap } from './command-packet.ts';
import type { ResponsePacketParams } from './response-packet.ts';
import type { Spi } from './spi.ts';
import type { PorStatus } from './status.ts';

/** True when the SPI asks for a PoR for this outcome: always, or only on error. */
export function porRequired(spi: Spi, status: PorStatus): boolean {
  if (spi.por === 'always') return true;
  return spi.por === 'on-error' && status !== 'ok';
}

/**
 * The response fields for an unwrapped command: its TAR, its CNTR (zero when it could not be
 * read, e.g. after a ciphering error), the status, and the additional response data.
 */
export function porFieldsFor(
  outcome: CommandUnwrap,
  data: Uint8Array = new Uint8Array(0),
): ResponsePacketParams {
  return {
    tar: outcome.header.tar,
    counter: outcome.counter ?? 0,
    status: outcome.status,
    data,
  };
}
