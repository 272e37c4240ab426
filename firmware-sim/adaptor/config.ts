// Fixed parameters of an adaptor (what the factory sets; the settings hold what changes over the
// air), the TARs it uses (TS 101 220 §6 leaves the proprietary range to the issuer) and the
// security of its packets (TS 102 225 §5.1.1).
import type { Spi } from '../../protocol/ota/spi.ts';
import type { SecurityRequirement } from '../../protocol/ota/unwrap-steps.ts';
import type { Kic, Kid } from '../../protocol/ota/key-identifier.ts';
import type { AdaptorSettings } from './settings.ts';

/** TAR of the payment server's secured SMS application. */
export const SERVER_TAR = Uint8Array.of(0xb0, 0x00, 0x10);
/** TAR of the adaptor's payment application, for server replies. */
export const PAYMENT_TAR = Uint8Array.of(0xb0, 0x00, 0x20);
/** TAR of the adaptor's management application. */
export const MANAGEMENT_TAR = Uint8Array.of(0xb0, 0x00, 0x30);

/** AES-CBC ciphering, AES-CMAC checksum, counter higher than the last, no PoR. */
export const UPLINK_SPI: Spi = {
  checksum: 'cc',
  ciphering: true,
  counter: 'higher',
  por: 'none',
  porChecksum: 'none',
  porCiphering: false,
  porViaSubmit: false,
};
export const AES_KIC: Kic = { suite: 'aes-cbc', keyVersion: 1 };
export const AES_KID: Kid = { suite: 'aes-cmac', keyVersion: 1 };

/** Least security a packet to the adaptor must carry: ciphered, CC, counter checked. */
export const REQUIRED_SECURITY: SecurityRequirement = {
  ciphering: true,
  checksum: 'cc',
  counter: 'higher',
};

/** Fixed parameters of one adaptor. */
export interface AdaptorConfig {
  /** Settings used when the storage holds none (the factory state). */
  readonly factorySettings: AdaptorSettings;
  /** Title of the main menu when the card has no menu of its own. */
  readonly menuTitle: string;
  /** TP-PID of the secured SMS-SUBMIT to the server (TS 23.040 §9.2.3.9); 00 by default. */
  readonly uplinkPid: number;
  /** A server counter more than this above the last accepted one is refused (status 03). */
  readonly maxCounterAhead: number;
}

/** Defaults for everything but the settings. */
export function adaptorConfig(factorySettings: AdaptorSettings): AdaptorConfig {
  return { factorySettings, menuTitle: 'simpay', uplinkPid: 0x00, maxCounterAhead: 1000 };
}
