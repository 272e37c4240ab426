// Notices the adaptor emits for traces, user interfaces and tests (never needed for it to work).
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';

/** Everything the adaptor reports besides its answers to the handset. */
export type AdaptorNotice =
  /** One command and the response the handset got, and what the card got, when it got one. */
  | {
      readonly type: 'apdu.traced';
      readonly command: CommandApdu;
      readonly response: ResponseApdu;
      readonly toCard: CommandApdu | undefined;
    }
  /** An SMS to or from the server was taken over by the adaptor. */
  | {
      readonly type: 'sms.intercepted';
      readonly path: 'menu' | 'storage' | 'download' | 'stored-mt' | 'mo-control';
      readonly counter?: number;
    }
  /** A secured SMS from the server (or for management) was refused; it is never shown. */
  | { readonly type: 'sms.rejected'; readonly reason: string; readonly counter?: number }
  /** A verified message from the server, in plain text. */
  | { readonly type: 'sms.plaintext'; readonly text: string; readonly counter: number }
  /** A management message changed the settings. */
  | { readonly type: 'settings.changed'; readonly what: string }
  /** The voice application placed a call and sent digits. */
  | { readonly type: 'voice.request'; readonly number: string; readonly digits: string };
