// The interface between the adaptor's operating system and its applications: the events an
// application registers for, the call-outs before the card (pre-SIM) and after it (post-SIM,
// before the handset regains control), menu entries, and the services the system offers them.
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import type { ProactiveCommand } from '../../protocol/cat/proactive-command.ts';
import type { TerminalResponse } from '../../protocol/cat/terminal-response.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { ClassFamily } from '../../protocol/iso7816/instruction-cases.ts';
import type { AdaptorNotice } from './notices.ts';
import type { AdaptorSettings, ApplicationName } from './settings.ts';

/** Events an application can register for; the card is always last in the chain of each. */
export type ChainEvent = 'handset.apdu' | 'card.response' | 'device.button' | 'device.ring';

/** A command from the handset with what the system knows about it. */
export interface HandsetCommand {
  readonly apdu: CommandApdu;
  readonly family: ClassFamily;
  /** The elementary file the command addresses, when known. */
  readonly file: number | undefined;
}

/** What a pre-SIM call-out decides. */
export type PreSimDecision =
  | { readonly kind: 'pass' }
  /** Continue the chain with this command instead. */
  | { readonly kind: 'replace'; readonly apdu: CommandApdu }
  /** Answer the handset; later applications and the card never see the command. */
  | { readonly kind: 'answer'; readonly response: ResponseApdu };

/** Services of the operating system to an application during one call-out. */
export interface SystemApi {
  readonly settings: AdaptorSettings;
  readonly cipher: BlockCipherEngine;
  /** Replaces the settings; they are saved before the handset regains control. */
  updateSettings(change: (settings: AdaptorSettings) => AdaptorSettings): void;
  /** Queues a proactive command for the handset (its command number is assigned). */
  queueCommand(command: ProactiveCommand): void;
  /** Counts a secured SMS stored on the card for sending, so MO SMS control lets it pass once. */
  securedSmsMade(): void;
  /** Takes one such SMS for an MO SMS control to the server; false when none is expected. */
  takeSecuredSms(): boolean;
  /** True while the handset carries out a SEND SHORT MESSAGE of the adaptor. */
  sendingOwnSms(): boolean;
  /**
   * A response carrying data as the card would give it over T=0: 61xx (UICC) or 9Fxx (GSM) now,
   * the data on the GET RESPONSE that follows.
   */
  deferred(data: Uint8Array, family: ClassFamily): ResponseApdu;
  notify(notice: AdaptorNotice): void;
}

/** An application installed in the adaptor. Call-outs are synchronous and never throw. */
export interface AdaptorApplication {
  readonly name: ApplicationName | 'management';
  readonly events: readonly ChainEvent[];
  /** Entries this application adds to the main menu. */
  readonly menu?: readonly string[];
  beforeCard?(command: HandsetCommand, api: SystemApi): PreSimDecision;
  /** Post-SIM call-out: may change the response before the handset sees it. */
  afterCard?(command: HandsetCommand, response: ResponseApdu, api: SystemApi): ResponseApdu;
  /** The user chose entry `index` of this application's menu. */
  onMenu?(index: number, api: SystemApi): void;
  /** The handset answered a command of this application. */
  onTerminalResponse?(response: TerminalResponse, command: ProactiveCommand, api: SystemApi): void;
  onButton?(button: string, api: SystemApi): void;
  onRing?(caller: string, api: SystemApi): void;
  /** The handset reset the card: forget every session state. */
  onReset?(): void;
}

/** The decision of a call-out that leaves the command alone. */
export const PASS: PreSimDecision = { kind: 'pass' };
