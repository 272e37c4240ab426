// The payment IVR reachable at a number: for each call an IvrDecoder whose processRequest is the
// payment service for the calling number (payment-requests.ts), whose counter window is the caller's
// row in the server database, and, for callers that hold voice keys, whose cipher is the IVR's end
// of the caller's AES keys (docs/voice-protocol.md "Encryption"). Fits the voice switch's IvrService.
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import type { CommandTable } from '../../modem/voice/command-table.ts';
import { aesPayloadCipher, type VoiceKeys } from '../../modem/voice/payload-cipher-aes.ts';
import type { SymbolModem } from '../../modem/voice/symbol-modem.ts';
import type { IvrCounterStore } from './ivr-counters.ts';
import { IvrDecoder } from './ivr-decoder.ts';
import type { IvrLimits } from './ivr-types.ts';
import type { VoiceRequestRunner } from './voice-receipts.ts';

/** What the payment IVR is built from. */
export interface PaymentIvrOptions {
  readonly table: CommandTable;
  readonly sampleRate: number;
  readonly modems: { readonly dtmf: SymbolModem; readonly fsk?: SymbolModem };
  /** VoicePayments, or it with SMS receipts (voice-receipts.ts). */
  readonly payments: VoiceRequestRunner;
  /** Counter windows by caller (SqliteIvrCounterStore in the server). */
  readonly counters: IvrCounterStore;
  /** The caller's voice keys when its requests are sealed; undefined for plain callers. */
  readonly keysOf?: (caller: string) => VoiceKeys | undefined;
  /** Needed with `keysOf`. */
  readonly engine?: BlockCipherEngine;
  readonly limits?: Partial<IvrLimits>;
}

/** A source of one IvrDecoder per call. */
export interface PaymentIvr {
  createDecoder(caller: string): IvrDecoder;
}

/** The payment IVR; each decoder serves one call from `caller` (its calling line identity). */
export function paymentIvr(options: PaymentIvrOptions): PaymentIvr {
  return {
    createDecoder(caller: string): IvrDecoder {
      const keys = options.keysOf?.(caller);
      if (keys && !options.engine) throw new RangeError('voice keys need a block cipher engine');
      const cipher =
        keys && options.engine
          ? aesPayloadCipher({ engine: options.engine, keys, sends: 'response' })
          : undefined;
      return new IvrDecoder({
        table: options.table,
        sampleRate: options.sampleRate,
        modems: options.modems,
        processRequest: (request) => options.payments.processRequest(request, caller),
        counters: { store: options.counters, callerId: caller },
        ...(cipher ? { cipher } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
      });
    },
  };
}
