// The `sms.inbound` JSON-RPC method in the shape of the server's method table: the carrier (or
// an SMSC bridge) posts the originating MSISDN and the SMS-SUBMIT TPDU in hex; the gateway runs it.
// When the replies can be neither delivered nor queued the call fails with -32003 (unavailable).
import { DecodeError, fromHex } from '../../protocol/bytes/index.ts';
import { RpcCode, RpcError } from '../rpc/jsonrpc.ts';
import type { MethodSpec } from '../rpc/methods.ts';
import { OutboundQueueFullError } from './connection-outbound.ts';
import type { SmsGateway } from './gateway.ts';

/** Longest TPDU accepted, in hex digits (TS 23.040 SMS-SUBMIT is at most 164 octets). */
const MAX_TPDU_HEX = 2 * 176;

/** The method spec for `sms.inbound` bound to `gateway`: `{ from, tpdu }` → InboundResult. */
export function smsInboundMethod(gateway: SmsGateway): MethodSpec {
  return {
    roles: ['gateway', 'operator'],
    params: { from: 'string', tpdu: 'hex' },
    run: async (_service, p) => {
      const hex = p['tpdu'] as string;
      if (hex.length > MAX_TPDU_HEX)
        throw new RpcError(RpcCode.invalidParams, 'tpdu is longer than one SMS');
      let tpdu: Uint8Array;
      try {
        tpdu = fromHex(hex);
      } catch (error) {
        if (error instanceof DecodeError)
          throw new RpcError(RpcCode.invalidParams, 'tpdu must be hex');
        throw error;
      }
      try {
        return await gateway.handleInboundSms(p['from'] as string, tpdu);
      } catch (error) {
        if (error instanceof OutboundQueueFullError)
          throw new RpcError(RpcCode.unavailable, error.message);
        throw error;
      }
    },
  };
}
