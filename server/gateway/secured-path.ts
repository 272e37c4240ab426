// The secured SMS path (DESIGN.md "Encryption and sequence numbers"): a TS 102 225 command packet
// from an adaptor is verified and deciphered with the device's keys, its CNTR goes through the
// counter policy, the plaintext command runs once, and the sealed reply is kept per counter so
// an exact retransmission gets the same bytes. Refusals answer with the TS 102 225 status code.
// The whole decision runs on a DeviceLease, so the device is held until the packet is recorded.
import { createHash } from 'node:crypto';
import { bytesEqual, DecodeError } from '../../protocol/bytes/index.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import {
  unwrapCommandPacket,
  type CommandHeader,
  type CommandUnwrap,
} from '../../protocol/ota/command-packet.ts';
import {
  recordViolation,
  type WindowPolicy,
  type WindowState,
} from '../../protocol/ota/counter-check.ts';
import type { PorStatus } from '../../protocol/ota/status.ts';
import { decodeGsm7Septets } from '../../protocol/sms/gsm7-alphabet.ts';
import { runCommand, type CommandOutcome, type RunnerDeps } from './command-runner.ts';
import { decideCounter } from './counter-policy.ts';
import type { Device, DeviceLease } from './device-records.ts';
import { refusalReply, sealedReply, type ReplyEnvelope } from './secured-reply.ts';
import { isParseError, parseSmsCommand } from './sms-command.ts';

/** What the secured path needs. */
export interface SecuredDeps extends RunnerDeps {
  readonly engine: BlockCipherEngine;
  readonly policy: WindowPolicy;
  readonly defaultCountry: string;
}

/** What happened to one command packet; `replies` are the SMS-DELIVERs to send back. */
export type SecuredOutcome =
  | {
      readonly kind: 'executed' | 'retransmission';
      readonly counter: number;
      readonly replies: readonly Uint8Array[];
      readonly notices: CommandOutcome['notices'];
    }
  | {
      readonly kind: 'rejected';
      readonly status: Exclude<PorStatus, 'ok'>;
      readonly counter?: number;
      readonly frozen: boolean;
      readonly replies: readonly Uint8Array[];
      readonly notices: CommandOutcome['notices'];
    }
  | {
      readonly kind: 'unknown-device';
      readonly replies: readonly [];
      readonly notices: readonly [];
    };

/** Statuses that show a packet was forged or made with the wrong keys: counted as violations. */
const VIOLATIONS: ReadonlySet<PorStatus> = new Set([
  'checksum-failed',
  'ciphering-error',
  'counter-low',
  'counter-high',
]);

const fingerprintOf = (packet: Uint8Array) =>
  new Uint8Array(createHash('sha256').update(packet).digest());

function lookupFor(device: Device) {
  return (header: CommandHeader) => {
    if (!bytesEqual(header.tar, device.serverTar)) return undefined;
    if (header.kic.keyVersion !== device.kic.keyVersion) return undefined;
    if (header.kid.keyVersion !== device.kid.keyVersion) return undefined;
    const strict = device.mode !== 'no-check';
    const counter =
      header.spi.counter === 'one-higher' ? device.window.highest : device.window.initial;
    return {
      keys: { kic: device.kicKey, kid: device.kidKey },
      counter,
      requirement: {
        ciphering: true,
        checksum: 'cc' as const,
        ...(strict ? { counter: 'higher' as const } : {}),
      },
    };
  };
}

function unwrap(
  device: Device,
  packet: Uint8Array,
  engine: BlockCipherEngine,
): CommandUnwrap | undefined {
  try {
    return unwrapCommandPacket(packet, lookupFor(device), engine);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
}

/**
 * Handles one reassembled command packet from the device `lease` holds; `envelope` stamps the
 * replies. The lease's records are written before this resolves.
 */
export async function handleSecuredPacket(
  deps: SecuredDeps,
  lease: DeviceLease,
  packet: Uint8Array,
  envelope: ReplyEnvelope,
): Promise<SecuredOutcome> {
  const { device } = lease;
  const opened = unwrap(device, packet, deps.engine);
  const status = 'unidentified-security-error';
  if (opened === undefined) return refuse(deps, lease, envelope, { status, window: device.window });
  const fingerprint = fingerprintOf(packet);
  if (opened.status !== 'ok') return refuseOpened(deps, lease, envelope, opened, fingerprint);
  const { counter, header } = opened;
  const decision = decideCounter(device.mode, device.window, counter, fingerprint, deps.policy);
  if (decision.kind === 'retransmission')
    return (await storedRepeat(lease, counter, fingerprint)) ?? retransmitted(counter, []);
  if (decision.kind === 'reject') {
    const refusal = { header, status: decision.status, counter, window: decision.state };
    return refuse(deps, lease, envelope, refusal);
  }
  const outcome = await execute(deps, device, opened.data, counter);
  const downlink = device.downlinkCounter + 1;
  const replies = sealedReply(device, outcome.reply, downlink, envelope, deps.engine);
  const reply = { fingerprint, tpdus: replies };
  await lease.recordAccepted(decision.state, downlink, counter, reply);
  return { kind: 'executed', counter, replies, notices: outcome.notices };
}

/** A packet protocol/ota refused: an exact copy of an accepted one is still a retransmission. */
async function refuseOpened(
  deps: SecuredDeps,
  lease: DeviceLease,
  envelope: ReplyEnvelope,
  opened: Extract<CommandUnwrap, { status: Exclude<PorStatus, 'ok'> }>,
  fingerprint: Uint8Array,
): Promise<SecuredOutcome> {
  const { counter, header, status } = opened;
  const repeat =
    counter === undefined ? undefined : await storedRepeat(lease, counter, fingerprint);
  if (repeat) return repeat;
  const { window: held } = lease.device;
  const window = VIOLATIONS.has(status) ? recordViolation(held, deps.policy) : held;
  return refuse(deps, lease, envelope, {
    header,
    status,
    ...(counter === undefined ? {} : { counter }),
    window,
  });
}

const retransmitted = (counter: number, replies: readonly Uint8Array[]): SecuredOutcome => ({
  kind: 'retransmission',
  counter,
  replies,
  notices: [],
});

async function storedRepeat(
  lease: DeviceLease,
  counter: number,
  fingerprint: Uint8Array,
): Promise<SecuredOutcome | undefined> {
  const stored = await lease.reply(counter);
  if (stored === undefined || !bytesEqual(stored.fingerprint, fingerprint)) return undefined;
  return retransmitted(counter, stored.tpdus);
}

/** Why a packet is refused, and the device's window after counting it. */
interface Refusal {
  readonly header?: CommandHeader;
  readonly status: Exclude<PorStatus, 'ok'>;
  readonly counter?: number;
  readonly window: WindowState;
}

async function refuse(
  deps: SecuredDeps,
  lease: DeviceLease,
  envelope: ReplyEnvelope,
  r: Refusal,
): Promise<SecuredOutcome> {
  const { device } = lease;
  if (r.window !== device.window) await lease.saveWindow(r.window);
  const { engine } = deps;
  const replies = refusalReply(device, r.header?.spi, r.status, r.counter ?? 0, envelope, engine);
  const base = { kind: 'rejected' as const, status: r.status, frozen: r.window.frozen, replies };
  const outcome = { ...base, notices: [] };
  return r.counter === undefined ? outcome : { ...outcome, counter: r.counter };
}

async function execute(
  deps: SecuredDeps,
  device: Device,
  data: Uint8Array,
  counter: number,
): Promise<CommandOutcome> {
  let text: string;
  try {
    text = decodeGsm7Septets(data);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    return { reply: 'Not understood: the message is not text.', notices: [] };
  }
  const command = parseSmsCommand(text, device.msisdn, { defaultCountry: deps.defaultCountry });
  if (isParseError(command)) return { reply: `Not understood: ${command.message}.`, notices: [] };
  if (command.kind === 'pin')
    return { reply: 'A PIN alone does nothing; send a command.', notices: [] };
  const pin = 'pin' in command ? command.pin : undefined;
  return runCommand(deps, command, device.msisdn, pin, `ota-${device.installedAt}-${counter}`);
}
