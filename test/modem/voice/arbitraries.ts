// fast-check generators of valid requests and responses for a command table.
import fc from 'fast-check';
import type { CommandTable, MessageSpec, ParamSpec } from '../../../modem/voice/command-table.ts';
import type { ParamValue, Request, Response } from '../../../modem/voice/request.ts';

const TEXT_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-/@'+:?".split('');

function valueOf(param: ParamSpec): fc.Arbitrary<ParamValue> {
  switch (param.type) {
    case 'numeric':
      return fc.string({
        unit: fc.constantFrom(...'0123456789'.split('')),
        minLength: 1,
        maxLength: param.maxLength,
      });
    case 'amount':
      return fc.integer({
        min: 0,
        max: Math.min(Number.MAX_SAFE_INTEGER, 10 ** param.maxLength - 1),
      });
    case 'alphanumeric':
      return fc.string({
        unit: fc.constantFrom(...TEXT_CHARS),
        minLength: 1,
        maxLength: param.maxLength,
      });
  }
}

function paramsOf(spec: MessageSpec): fc.Arbitrary<Record<number, ParamValue>> {
  const entries = spec.params.map((p) =>
    p.required
      ? valueOf(p).map((v) => [[p.id, v]] as const)
      : fc.option(valueOf(p)).map((v) => (v === null ? [] : [[p.id, v] as const])),
  );
  return fc.tuple(...entries).map((lists) => Object.fromEntries(lists.flat()));
}

/** Any valid request of the table. */
export function arbitraryRequest(table: CommandTable): fc.Arbitrary<Request> {
  return fc
    .constantFrom(...table.commands.values())
    .chain((spec) => paramsOf(spec).map((params) => ({ commandId: spec.id, params })));
}

/** Any valid response of the table. */
export function arbitraryResponse(table: CommandTable): fc.Arbitrary<Response> {
  return fc
    .constantFrom(...table.responses.values())
    .chain((spec) => paramsOf(spec).map((params) => ({ responseId: spec.id, params })));
}
