// The secured SMS path (DESIGN.md "Encryption and sequence numbers"): a TS 102 225 command packet
// from an adaptor is verified and deciphered with the device's keys, its CNTR goes through the
// counter policy, the plaintext command runs once, and the sealed reply is kept per counter so
// an exact retransmission gets the same bytes. Refusals answer with the TS 102 225 status code.
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
import type { Device, DeviceRegistry } from './device-registry.ts';
import { refusalReply, sealedReply, type ReplyEnvelope } from './secured-reply.ts';
import { isParseError, parseSmsCommand } from './sms-command.ts';

/** What the secured path needs. */
export interface SecuredDeps extends RunnerDeps {
  readonly registry: DeviceRegistry;
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

/** Handles one reassembled command packet from `device`; `envelope` stamps the replies. */
export async function handleSecuredPacket(
  deps: SecuredDeps,
  device: Device,
  packet: Uint8Array,
  envelope: ReplyEnvelope,
): Promise<SecuredOutcome> {
  const opened = unwrap(device, packet, deps.engine);
  if (opened === undefined)
    return refuse(
      deps,
      device,
      undefined,
      'unidentified-security-error',
      undefined,
      envelope,
      device.window,
    );
  const fingerprint = fingerprintOf(packet);
  if (opened.status !== 'ok') {
    const counter = opened.counter;
    const repeat =
      counter === undefined ? undefined : storedRepeat(deps, device, counter, fingerprint);
    if (repeat) return repeat;
    const window = VIOLATIONS.has(opened.status)
      ? recordViolation(device.window, deps.policy)
      : device.window;
    return refuse(deps, device, opened.header, opened.status, counter, envelope, window);
  }
  const decision = decideCounter(
    device.mode,
    device.window,
    opened.counter,
    fingerprint,
    deps.policy,
  );
  if (decision.kind === 'retransmission')
    return (
      storedRepeat(deps, device, opened.counter, fingerprint) ?? retransmitted(opened.counter, [])
    );
  if (decision.kind === 'reject')
    return refuse(
      deps,
      device,
      opened.header,
      decision.status,
      opened.counter,
      envelope,
      decision.state,
    );
  const outcome = await execute(deps, device, opened.data, opened.counter);
  const downlink = device.downlinkCounter + 1;
  const replies = sealedReply(device, outcome.reply, downlink, envelope, deps.engine);
  deps.registry.recordAccepted(device.msisdn, decision.state, downlink, opened.counter, {
    fingerprint,
    tpdus: replies,
  });
  return { kind: 'executed', counter: opened.counter, replies, notices: outcome.notices };
}

const retransmitted = (counter: number, replies: readonly Uint8Array[]): SecuredOutcome => ({
  kind: 'retransmission',
  counter,
  replies,
  notices: [],
});

function storedRepeat(
  deps: SecuredDeps,
  device: Device,
  counter: number,
  fingerprint: Uint8Array,
): SecuredOutcome | undefined {
  const stored = deps.registry.reply(device.msisdn, counter);
  if (stored === undefined || !bytesEqual(stored.fingerprint, fingerprint)) return undefined;
  return retransmitted(counter, stored.tpdus);
}

function refuse(
  deps: SecuredDeps,
  device: Device,
  header: CommandHeader | undefined,
  status: Exclude<PorStatus, 'ok'>,
  counter: number | undefined,
  envelope: ReplyEnvelope,
  window: WindowState,
): SecuredOutcome {
  if (window !== device.window) deps.registry.saveWindow(device.msisdn, window);
  const replies = refusalReply(device, header?.spi, status, counter ?? 0, envelope, deps.engine);
  const base = { kind: 'rejected' as const, status, frozen: window.frozen, replies, notices: [] };
  return counter === undefined ? base : { ...base, counter };
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
  return runCommand(deps, command, device.msisdn, pin, `ota-${counter}`);
}
