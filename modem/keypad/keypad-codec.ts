// Keypad encoding of a Request or Response as DTMF symbols: `<id>` then `*<ParameterID:2><value>`
// per present parameter in ascending id order, then `#`. Values: numeric as its digits, amount as
// minor units without leading zeros, alphanumeric as E.161 key+position pairs (keypad-letters.ts).
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandTable, MessageSpec, ParamSpec } from '../voice/command-table.ts';
import {
  validateRequest,
  validateResponse,
  type ParamValue,
  type Params,
  type Request,
  type Response,
} from '../voice/request.ts';
import { decodeKeypadText, encodeKeypadText } from './keypad-letters.ts';

/** Longest keypad message accepted, in symbols (terminator included). */
export const MAX_KEYPAD_SYMBOLS = 400;
/** Field marker and terminator keys. */
export const FIELD_MARKER = '*';
export const TERMINATOR = '#';

function encodeValue(param: ParamSpec, value: ParamValue): string {
  return param.type === 'alphanumeric' ? encodeKeypadText(String(value)) : String(value);
}

function encodeMessage(spec: MessageSpec, params: Params): string {
  let out = String(spec.id);
  for (const param of spec.params) {
    const value = params[param.id];
    if (value === undefined) continue;
    out += FIELD_MARKER + String(param.id).padStart(2, '0') + encodeValue(param, value);
  }
  return out + TERMINATOR;
}

/** Encodes a request (validated against the table) as keypad symbols ending in `#`. */
export function encodeKeypadRequest(table: CommandTable, request: Request): string {
  return encodeMessage(validateRequest(table, request), request.params);
}

/** Encodes a response (validated against the table) as keypad symbols ending in `#`. */
export function encodeKeypadResponse(table: CommandTable, response: Response): string {
  return encodeMessage(validateResponse(table, response), response.params);
}

function decodeValue(param: ParamSpec, digits: string, offset: number): ParamValue {
  if (digits === '') throw new DecodeError('KEYPAD_EMPTY_FIELD', offset, `${param.name} is empty`);
  if (param.type === 'alphanumeric') return decodeKeypadText(digits, offset);
  if (param.type === 'amount') {
    if (digits.length > 1 && digits.startsWith('0'))
      throw new DecodeError('KEYPAD_BAD_AMOUNT', offset, `${param.name} has a leading zero`);
    if (digits.length > 15) throw new DecodeError('KEYPAD_BAD_AMOUNT', offset, 'amount too long');
    return Number(digits);
  }
  return digits;
}

function splitMessage(symbols: string): string[] {
  if (symbols.length > MAX_KEYPAD_SYMBOLS)
    throw new DecodeError(
      'KEYPAD_TOO_LONG',
      MAX_KEYPAD_SYMBOLS,
      `over ${MAX_KEYPAD_SYMBOLS} symbols`,
    );
  const bad = symbols.search(/[^0-9*#]/);
  if (bad >= 0) throw new DecodeError('KEYPAD_BAD_SYMBOL', bad, `'${symbols[bad]}' is not a key`);
  const end = symbols.indexOf(TERMINATOR);
  if (end < 0) throw new DecodeError('KEYPAD_NO_TERMINATOR', symbols.length, 'no # at the end');
  if (end !== symbols.length - 1)
    throw new DecodeError('KEYPAD_TRAILING', end + 1, 'symbols after the # terminator');
  return symbols.slice(0, end).split(FIELD_MARKER);
}

function decodeId(text: string): number {
  if (!/^(0|[1-9]\d{0,3})$/.test(text))
    throw new DecodeError('KEYPAD_BAD_ID', 0, `'${text}' is not a message id`);
  return Number(text);
}

function decodeMessage(specs: ReadonlyMap<number, MessageSpec>, symbols: string) {
  const [head = '', ...fields] = splitMessage(symbols);
  const spec = specs.get(decodeId(head));
  if (!spec) throw new DecodeError('KEYPAD_UNKNOWN_ID', 0, `no message with id ${head}`);
  const params: Record<number, ParamValue> = {};
  let offset = head.length + 1;
  let lastId = 0;
  for (const field of fields) {
    if (!/^\d\d/.test(field))
      throw new DecodeError(
        'KEYPAD_BAD_FIELD',
        offset,
        'a field starts with a 2-digit ParameterID',
      );
    const param = spec.params.find((p) => p.id === Number(field.slice(0, 2)));
    if (!param)
      throw new DecodeError(
        'KEYPAD_UNKNOWN_PARAM',
        offset,
        `${spec.name} has no ${field.slice(0, 2)}`,
      );
    if (param.id <= lastId)
      throw new DecodeError('KEYPAD_FIELD_ORDER', offset, 'fields out of order');
    params[param.id] = decodeValue(param, field.slice(2), offset + 2);
    lastId = param.id;
    offset += field.length + 1;
  }
  return { id: spec.id, params };
}

function revalidate<T>(check: () => T, symbols: string): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DecodeError)
      throw new DecodeError(
        `KEYPAD_${error.code.replace(/^VOICE_/, '')}`,
        symbols.length - 1,
        error.message,
      );
    throw error;
  }
}

/** Decodes keypad symbols (ending in `#`) into a Request; throws DecodeError `KEYPAD_*`. */
export function decodeKeypadRequest(table: CommandTable, symbols: string): Request {
  const { id, params } = decodeMessage(table.commands, symbols);
  const request: Request = { commandId: id, params };
  revalidate(() => validateRequest(table, request), symbols);
  return request;
}

/** Decodes keypad symbols (ending in `#`) into a Response; throws DecodeError `KEYPAD_*`. */
export function decodeKeypadResponse(table: CommandTable, symbols: string): Response {
  const { id, params } = decodeMessage(table.responses, symbols);
  const response: Response = { responseId: id, params };
  revalidate(() => validateResponse(table, response), symbols);
  return response;
}
