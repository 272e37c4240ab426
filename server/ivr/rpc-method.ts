// The `ivr.processRequest` JSON-RPC method: an IVR front end that decoded a call's audio posts the
// calling number and the Request as JSON (by ids or by names, modem/voice/request-json.ts) and gets
// the Response as JSON with names beside the ids. Refusals are errorResponse results, not errors.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandTable } from '../../modem/voice/command-table.ts';
import { requestFromJson, responseToJson } from '../../modem/voice/request-json.ts';
import { RpcCode, RpcError } from '../rpc/jsonrpc.ts';
import type { MethodSpec } from '../rpc/methods.ts';
import type { VoicePayments } from './payment-requests.ts';

/** The method spec for `ivr.processRequest` bound to `payments`: `{ caller, request }` → Response. */
export function ivrProcessRequestMethod(payments: VoicePayments, table: CommandTable): MethodSpec {
  return {
    roles: ['gateway', 'operator'],
    params: { caller: 'string', request: 'object' },
    run: async (_service, p) => {
      let request;
      try {
        request = requestFromJson(table, p['request']);
      } catch (error) {
        if (error instanceof DecodeError)
          throw new RpcError(RpcCode.invalidParams, `request: ${error.message}`, {
            code: error.code,
          });
        throw error;
      }
      const response = await payments.processRequest(request, p['caller'] as string);
      return responseToJson(table, response);
    },
  };
}
