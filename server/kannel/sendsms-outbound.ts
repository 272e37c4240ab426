// The gateway's outbound port through Kannel (Kannel 1.4 user guide, "Sending SMS: sendsms"): each
// SMS-DELIVER becomes one GET of smsbox's sendsms CGI with the sendsms-user's credentials; Kannel
// answers 2xx once bearerbox has the message, anything else is an error the gateway reports.
import type { SmsOutbound } from '../gateway/outbound.ts';
import { sendsmsParams } from './kannel-message.ts';

/** Where smsbox takes messages to send. */
export interface SendsmsSettings {
  /** The sendsms URL, e.g. `http://127.0.0.1:13013/cgi-bin/sendsms`. */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Per request, in ms (default 10 s). */
  readonly timeoutMs?: number;
}

/** Thrown when smsbox does not accept an SMS. */
export class SendsmsError extends Error {
  override readonly name = 'SendsmsError';
}

/** An SmsOutbound that hands every SMS to Kannel's smsbox. */
export class KannelOutbound implements SmsOutbound {
  constructor(private readonly settings: SendsmsSettings) {}

  async send(msisdn: string, tpdu: Uint8Array): Promise<void> {
    const { url, username, password } = this.settings;
    const credentials = `username=${encodeURIComponent(username)}&password=${encodeURIComponent(password)}`;
    let response: Response;
    try {
      response = await fetch(`${url}?${credentials}&${sendsmsParams(msisdn, tpdu)}`, {
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SendsmsError(`sendsms at ${url} unreachable: ${(error as Error).message}`);
    }
    const body = (await response.text()).trim().slice(0, 200);
    if (!response.ok) throw new SendsmsError(`sendsms refused the SMS: ${response.status} ${body}`);
  }
}
