// The JSON messages of a remote handset attachment to the simulated carrier, one per WebSocket
// text frame: attach, submit, ack/nack and detach from the handset; attached, submitted, deliver,
// report, error and detached from the carrier. TPDUs travel as hex (TS 23.040 octets).

/** Largest message either side accepts, in bytes (a TPDU is at most 164 octets). */
export const REMOTE_MAX_PAYLOAD = 4096;

/** Messages from the handset process. */
export type HandsetMessage =
  | { readonly type: 'attach'; readonly msisdn: string }
  /** An SMS-SUBMIT; `ref` is the handset's own number for matching the answer. */
  | { readonly type: 'submit'; readonly ref: number; readonly tpdu: string }
  /** The deliver or report `id` was received (RP-ACK). */
  | { readonly type: 'ack'; readonly id: number }
  /** The deliver or report `id` was refused (RP-ERROR): the carrier tries again later. */
  | { readonly type: 'nack'; readonly id: number }
  | { readonly type: 'detach' };

/** Messages from the carrier. */
export type CarrierMessage =
  | { readonly type: 'attached'; readonly msisdn: string }
  | { readonly type: 'submitted'; readonly ref: number; readonly messageReference: number }
  /** An SMS-DELIVER (`deliver`) or SMS-STATUS-REPORT (`report`) to acknowledge by `id`. */
  | {
      readonly type: 'deliver' | 'report';
      readonly id: number;
      readonly serviceCentre: string;
      readonly tpdu: string;
    }
  | {
      readonly type: 'error';
      readonly ref?: number;
      readonly code: string;
      readonly message: string;
    }
  | { readonly type: 'detached' };

/** A message that does not follow the protocol; `code` is WS_MSG_INVALID. */
export class RemoteMessageError extends Error {
  override readonly name = 'RemoteMessageError';
  readonly code = 'WS_MSG_INVALID';
}

type Fields = Record<string, unknown>;

const HEX = /^(?:[0-9a-fA-F]{2}){1,200}$/;
const NUMBER = /^\+?[0-9]{1,20}$/;

function object(text: string): Fields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new RemoteMessageError('message is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new RemoteMessageError('message is not a JSON object');
  return value as Fields;
}

function field<T>(o: Fields, name: string, check: (v: unknown) => v is T, what: string): T {
  const v = o[name];
  if (!check(v)) throw new RemoteMessageError(`${String(o['type'])}: ${name} must be ${what}`);
  return v;
}

const isId = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isHex = (v: unknown): v is string => typeof v === 'string' && HEX.test(v);
const isNumber = (v: unknown): v is string => typeof v === 'string' && NUMBER.test(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= 200;

/** Reads a handset message; throws RemoteMessageError naming what is wrong. */
export function parseHandsetMessage(text: string): HandsetMessage {
  const o = object(text);
  switch (o['type']) {
    case 'attach':
      return { type: 'attach', msisdn: field(o, 'msisdn', isNumber, 'a telephone number') };
    case 'submit':
      return {
        type: 'submit',
        ref: field(o, 'ref', isId, 'an integer 0-4294967295'),
        tpdu: field(o, 'tpdu', isHex, 'hex of 1-200 octets'),
      };
    case 'ack':
    case 'nack':
      return { type: o['type'], id: field(o, 'id', isId, 'an integer 0-4294967295') };
    case 'detach':
      return { type: 'detach' };
    default:
      throw new RemoteMessageError(`unknown message type ${JSON.stringify(o['type'])}`);
  }
}

/** Reads a carrier message; throws RemoteMessageError naming what is wrong. */
export function parseCarrierMessage(text: string): CarrierMessage {
  const o = object(text);
  const id = (name: string) => field(o, name, isId, 'an integer 0-4294967295');
  switch (o['type']) {
    case 'attached':
      return { type: 'attached', msisdn: field(o, 'msisdn', isNumber, 'a telephone number') };
    case 'submitted':
      return { type: 'submitted', ref: id('ref'), messageReference: id('messageReference') };
    case 'deliver':
    case 'report':
      return {
        type: o['type'],
        id: id('id'),
        serviceCentre: field(o, 'serviceCentre', isText, 'text'),
        tpdu: field(o, 'tpdu', isHex, 'hex of 1-200 octets'),
      };
    case 'error':
      return {
        type: 'error',
        ...(o['ref'] === undefined ? {} : { ref: id('ref') }),
        code: field(o, 'code', isText, 'text'),
        message: field(o, 'message', isText, 'text'),
      };
    case 'detached':
      return { type: 'detached' };
    default:
      throw new RemoteMessageError(`unknown message type ${JSON.stringify(o['type'])}`);
  }
}
