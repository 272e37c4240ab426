// Secured replies to an adaptor as SMS-DELIVER TPDUs (TS 23.040 §9.2.2.1) with TP-PID 7F and
// DCS F6 (8-bit, class 2, SIM data download) so the handset hands them to the card: a TS 102 225
// §5.1 command packet to the adaptor's payment TAR behind the CPI (IEI 70) carrying the reply text,
// or a §5.2 response packet behind the RPI (IEI 71) carrying the status of a refused packet.
import { concatBytes } from '../../protocol/bytes/index.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import { wrapCommandPacket } from '../../protocol/ota/command-packet.ts';
import { wrapResponsePacket } from '../../protocol/ota/response-packet.ts';
import {
  MAX_USER_DATA,
  packetToUserData,
  type PacketKind,
} from '../../protocol/ota/sms-user-data.ts';
import type { Spi } from '../../protocol/ota/spi.ts';
import type { PorStatus } from '../../protocol/ota/status.ts';
import { phoneAddress } from '../../protocol/sms/address.ts';
import { DCS_SIM_DOWNLOAD } from '../../protocol/sms/dcs.ts';
import { encodeGsm7Septets, isGsm7Encodable } from '../../protocol/sms/gsm7-alphabet.ts';
import { encodeSmsDeliver } from '../../protocol/sms/sms-deliver.ts';
import type { SmsTimestamp } from '../../protocol/sms/timestamp.ts';
import { decodeUserData } from '../../protocol/sms/user-data.ts';
import type { Device } from './device-records.ts';

/** TP-PID of (U)SIM data download (TS 23.040 §9.2.3.9). */
export const PID_SIM_DATA_DOWNLOAD = 0x7f;

/** Packets to the adaptor: ciphered, cryptographic checksum, counter higher, no PoR. */
export const DOWNLINK_SPI: Spi = {
  checksum: 'cc',
  ciphering: true,
  counter: 'higher',
  por: 'none',
  porChecksum: 'none',
  porCiphering: false,
  porViaSubmit: false,
};

/** Where replies come from and when. */
export interface ReplyEnvelope {
  /** The gateway's own number (TP-OA of the replies). */
  readonly serverNumber: string;
  readonly timestamp: SmsTimestamp;
  /** Concatenation reference when the packet needs more than one SMS. */
  readonly reference: number;
}

/** The reply text as GSM 7-bit septets, one per octet; characters it lacks become '?'. */
export function replyData(text: string): Uint8Array {
  const safe = [...text].map((c) => (isGsm7Encodable(c) ? c : '?')).join('');
  return encodeGsm7Septets(safe);
}

/** SMS-DELIVERs carrying `packet` of `kind` (one, or concatenated parts). */
export function packetDelivers(
  kind: PacketKind,
  packet: Uint8Array,
  envelope: ReplyEnvelope,
): Uint8Array[] {
  const parts = packetToUserData(kind, packet, envelope.reference);
  return parts.map((part, i) =>
    encodeSmsDeliver({
      type: 'deliver',
      replyPath: false,
      statusReportIndication: false,
      loopPrevention: false,
      moreMessagesToSend: i < parts.length - 1,
      originator: phoneAddress(envelope.serverNumber),
      pid: PID_SIM_DATA_DOWNLOAD,
      dcs: DCS_SIM_DOWNLOAD,
      timestamp: envelope.timestamp,
      userData: decodeUserData(
        concatBytes(Uint8Array.of(part.userData.length), part.userData),
        DCS_SIM_DOWNLOAD,
        true,
      ),
    }),
  );
}

/** Octets of a packet that still fit one SMS behind the CPI (UDHL 02, IEI 70, IEDL 00). */
const ONE_SMS_PACKET = MAX_USER_DATA - 3;

/** `text` shortened by one step: its oldest middle line, else its last character. */
function shorten(text: string): string {
  const lines = text.split('\n');
  if (lines.length > 2) return [...lines.slice(0, -2), lines.at(-1)!].join('\n');
  return text.slice(0, -1);
}

/**
 * The reply text sealed for the adaptor with downlink counter `counter`, in one SMS: the adaptor
 * reads the packet of a single SMS-DELIVER, so a text too long for it loses lines, then characters.
 */
export function sealedReply(
  device: Device,
  text: string,
  counter: number,
  envelope: ReplyEnvelope,
  engine: BlockCipherEngine,
): Uint8Array[] {
  const keys = { kic: device.kicKey, kid: device.kidKey };
  const { kic, kid, replyTar: tar } = device;
  let shown = text;
  for (;;) {
    const data = replyData(shown);
    const packet = wrapCommandPacket(
      { spi: DOWNLINK_SPI, kic, kid, tar, counter, data },
      keys,
      engine,
    );
    if (packet.length <= ONE_SMS_PACKET || shown.length === 0)
      return packetDelivers('command', packet, envelope);
    shown = shorten(shown);
  }
}

/**
 * A response packet with `status` for a refused command packet, checksummed with the device's
 * KID (not ciphered, so the status is readable even when ciphering was the problem).
 */
export function refusalReply(
  device: Device,
  commandSpi: Spi | undefined,
  status: Exclude<PorStatus, 'ok'>,
  counter: number,
  envelope: ReplyEnvelope,
  engine: BlockCipherEngine,
): Uint8Array[] {
  const spi: Spi = {
    ...(commandSpi ?? DOWNLINK_SPI),
    porChecksum: 'cc',
    porCiphering: false,
  };
  const packet = wrapResponsePacket(
    { tar: device.serverTar, counter, status, data: new Uint8Array(0) },
    { spi, kic: device.kic, kid: device.kid },
    { kic: device.kicKey, kid: device.kidKey },
    engine,
  );
  return packetDelivers('response', packet, envelope);
}
