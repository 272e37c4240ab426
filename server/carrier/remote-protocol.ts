// The JSON messages of remote handset attachments to the simulated carrier: attach, submit,
// ack/nack and detach from the handset side; attached, submitted, deliver, report, error and
// detached from the carrier. A connection may attach several MSISDNs (a process running many
// handsets), and a WebSocket text frame holds one message or a batch (JSON array) of them.
// TPDUs travel as hex (TS 23.040 octets).

/** Most messages in one frame. */
export const REMOTE_MAX_BATCH = 256;
/** Largest frame either side accepts, in bytes: a full batch of the largest messages. */
export const REMOTE_MAX_PAYLOAD = REMOTE_MAX_BATCH * 1024;

/** Messages from the handset process. */
export type HandsetMessage =
  | { readonly type: 'attach'; readonly msisdn: string }
  /**
   * An SMS-SUBMIT from `msisdn` (may be left out while the connection has one number attached);
   * `ref` is the sender's own number for matching the answer.
   */
  | {
      readonly type: 'submit';
      readonly ref: number;
      readonly tpdu: string;
      readonly msisdn?: string;
    }
  /** The deliver or report `id` was received (RP-ACK). */
  | { readonly type: 'ack'; readonly id: number }
  /** The deliver or report `id` was refused (RP-ERROR): the carrier tries again later. */
  | { readonly type: 'nack'; readonly id: number }
  /** Detaches `msisdn`, or every number of the connection when it is left out. */
  | { readonly type: 'detach'; readonly msisdn?: string };

/** Messages from the carrier. */
export type CarrierMessage =
  | { readonly type: 'attached'; readonly msisdn: string }
  | { readonly type: 'submitted'; readonly ref: number; readonly messageReference: number }
  /** An SMS-DELIVER (`deliver`) or SMS-STATUS-REPORT (`report`) for `msisdn`, acknowledged by `id`. */
  | {
      readonly type: 'deliver' | 'report';
      readonly id: number;
      readonly msisdn: string;
      readonly serviceCentre: string;
      readonly tpdu: string;
    }
  /** A refusal: of the submit `ref`, of attaching `msisdn`, or of a message that names neither. */
  | {
      readonly type: 'error';
      readonly ref?: number;
      readonly msisdn?: string;
      readonly code: string;
      readonly message: string;
    }
  | { readonly type: 'detached'; readonly msisdn?: string };

/** A message that does not follow the protocol; `code` is WS_MSG_INVALID. */
export class RemoteMessageError extends Error {
  override readonly name = 'RemoteMessageError';
  readonly code = 'WS_MSG_INVALID';
}

type Fields = Record<string, unknown>;

const HEX = /^(?:[0-9a-fA-F]{2}){1,200}$/;
const NUMBER = /^\+?[0-9]{1,20}$/;

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RemoteMessageError('message is not JSON');
  }
}

function object(value: unknown): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RemoteMessageError('message is not a JSON object');
  return value as Fields;
}

/**
 * Reads a frame: one message, or a batch of 1 to {@link REMOTE_MAX_BATCH} messages. Returns the
 * messages unchecked, for `handsetMessage` or `carrierMessage` each; throws RemoteMessageError.
 */
export function readFrame(text: string): unknown[] {
  const value = json(text);
  if (!Array.isArray(value)) return [value];
  if (value.length === 0 || value.length > REMOTE_MAX_BATCH)
    throw new RemoteMessageError(`a batch holds 1 to ${REMOTE_MAX_BATCH} messages`);
  return value;
}

/** The frame for `messages`: the message itself when there is one, else the batch. */
export function writeFrame(messages: readonly (HandsetMessage | CarrierMessage)[]): string {
  return JSON.stringify(messages.length === 1 ? messages[0] : messages);
}

function field<T>(o: Fields, name: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[name];
  if (!check(v)) throw new RemoteMessageError(`${String(o['type'])}: ${name} must be ${what}`);
  return v;
}

/** `name` when present, checked; nothing when absent. */
function optional<T>(o: Fields, name: string, check: (v: unknown) => v is T, what: string) {
  return o[name] === undefined ? {} : { [name]: field(o, name, check, what) };
}

const isId = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isHex = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);
const isNumber = (v: unknown): v is string => typeof v === 'string' && NUMBER.test(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;

const ID = 'an integer 0-4294967295';
const PHONE = 'a telephone number';

/** Checks one handset message of a frame; throws RemoteMessageError naming what is wrong. */
export function handsetMessage(value: unknown): HandsetMessage {
  const o = object(value);
  switch (o['type']) {
    case 'attach':
      return { type: 'attach', msisdn: field(o, 'msisdn', isNumber, PHONE) };
    case 'submit':
      return {
        type: 'submit',
        ref: field(o, 'ref', isId, ID),
        tpdu: field(o, 'tpdu', isHex, 'hex of 1-200 octets'),
        ...optional(o, 'msisdn', isNumber, PHONE),
      };
    case 'ack':
    case 'nack':
      return { type: o['type'], id: field(o, 'id', isId, ID) };
    case 'detach':
      return { type: 'detach', ...optional(o, 'msisdn', isNumber, PHONE) };
    default:
      throw new RemoteMessageError(`unknown message type ${JSON.stringify(o['type'])}`);
  }
}

/** Checks one carrier message of a frame; throws RemoteMessageError naming what is wrong. */
export function carrierMessage(value: unknown): CarrierMessage {
  const o = object(value);
  switch (o['type']) {
    case 'attached':
      return { type: 'attached', msisdn: field(o, 'msisdn', isNumber, PHONE) };
    case 'submitted':
      return {
        type: 'submitted',
        ref: field(o, 'ref', isId, ID),
        messageReference: field(o, 'messageReference', isId, ID),
      };
    case 'deliver':
    case 'report':
      return {
        type: o['type'],
        id: field(o, 'id', isId, ID),
        msisdn: field(o, 'msisdn', isNumber, PHONE),
        serviceCentre: field(o, 'serviceCentre', isText, 'text'),
        tpdu: field(o, 'tpdu', isHex, 'hex of 1-200 octets'),
      };
    case 'error':
      return {
        type: 'error',
        ...optional(o, 'ref', isId, ID),
        ...optional(o, 'msisdn', isNumber, PHONE),
        code: field(o, 'code', isText, 'text'),
        message: field(o, 'message', isText, 'text'),
      };
    case 'detached':
      return { type: 'detached', ...optional(o, 'msisdn', isNumber, PHONE) };
    default:
      throw new RemoteMessageError(`unknown message type ${JSON.stringify(o['type'])}`);
  }
}

/** Reads a frame holding one handset message; throws RemoteMessageError. */
export function parseHandsetMessage(text: string): HandsetMessage {
  return handsetMessage(json(text));
}

/** Reads a frame holding one carrier message; throws RemoteMessageError. */
export function parseCarrierMessage(text: string): CarrierMessage {
  return carrierMessage(json(text));
}
