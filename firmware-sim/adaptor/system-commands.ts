// Commands the adaptor's operating system answers itself, before any application: GET RESPONSE
// for its own data (ISO/IEC 7816-4 §7.6.1), FETCH of its own proactive command (TS 102 221
// §11.2.3), TERMINAL RESPONSE to it (§11.2.4) and MENU SELECTION of its own item (TS 102 223 §7.2).
import { DecodeError } from '../../protocol/bytes/index.ts';
import { decodeEnvelope } from '../../protocol/cat/envelope.ts';
import { decodeTerminalResponse } from '../../protocol/cat/terminal-response.ts';
import { responseApdu, type CommandApdu, type ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { ClassFamily } from '../../protocol/iso7816/instruction-cases.ts';
import type { AdaptorApplication } from './application.ts';
import { systemApi, type CoreState } from './core-state.ts';
import { ownItemOf } from './menu-merge.ts';
import { fetchSource, ownAnswered, ownDone, takeOwn } from './proactive-merge.ts';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';

/** Instruction bytes the system looks at (TS 102 221 §10.1.2, TS 51.011 §9.2). */
export const INS = {
  getResponse: 0xc0,
  fetch: 0x12,
  terminalResponse: 0x14,
  terminalProfile: 0x10,
  envelope: 0xc2,
  status: 0xf2,
  readBinary: 0xb0,
} as const;

const MENU_SELECTION_TAG = 0xd3;

/** What the system needs besides its state. */
export interface SystemContext {
  readonly state: CoreState;
  readonly apps: readonly AdaptorApplication[];
  readonly cipher: BlockCipherEngine;
}

/** Wrong Le: UICC 6Cxx (ISO/IEC 7816-3 §10.3.3), GSM 67xx with the right length (TS 51.011 §9.4.6). */
export function wrongLength(family: ClassFamily, available: number): ResponseApdu {
  const xx = available & 0xff;
  return responseApdu(family === 'gsm' ? 0x6700 | xx : 0x6c00 | xx);
}

/** Serves `data` to a case 2 command when its Le allows, else asks for the right Le. */
function serve(apdu: CommandApdu, data: Uint8Array): ResponseApdu | undefined {
  if ((apdu.ne ?? 256) < data.length) return undefined;
  return responseApdu(0x9000, data);
}

/** Hands over the pending proactive command, keeping it when the Le is wrong. */
export function servePendingFetch(
  state: CoreState,
  apdu: CommandApdu,
  family: ClassFamily,
): ResponseApdu {
  const data = state.pendingFetch!;
  const served = serve(apdu, data);
  if (served === undefined) return wrongLength(family, data.length);
  state.pendingFetch = undefined;
  return served;
}

/** The response when the system answers `apdu` itself; undefined to run the chain. */
export function systemAnswer(
  ctx: SystemContext,
  apdu: CommandApdu,
  family: ClassFamily,
): ResponseApdu | undefined {
  const { state } = ctx;
  const own = state.ownResponse;
  state.ownResponse = undefined;
  switch (apdu.ins) {
    case INS.getResponse:
      if (own === undefined) return undefined;
      return serve(apdu, own) ?? keep(state, own, wrongLength(family, own.length));
    case INS.fetch:
      return fetch(ctx, apdu, family);
    case INS.terminalResponse:
      return terminalResponse(ctx, apdu);
    case INS.envelope:
      return apdu.data[0] === MENU_SELECTION_TAG ? menuSelection(ctx, apdu) : undefined;
    default:
      return undefined;
  }
}

function keep(state: CoreState, own: Uint8Array, response: ResponseApdu): ResponseApdu {
  state.ownResponse = own;
  return response;
}

function fetch(
  ctx: SystemContext,
  apdu: CommandApdu,
  family: ClassFamily,
): ResponseApdu | undefined {
  const { state } = ctx;
  if (state.pendingFetch === undefined) {
    if (fetchSource(state.merge) !== 'own') return undefined;
    const taken = takeOwn(state.merge);
    state.merge = taken.state;
    state.pendingFetch = taken.command.bytes;
  }
  return servePendingFetch(state, apdu, family);
}

function terminalResponse(ctx: SystemContext, apdu: CommandApdu): ResponseApdu | undefined {
  const { state } = ctx;
  let details;
  try {
    details = decodeTerminalResponse(apdu.data);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
  const own = ownAnswered(state.merge, details.command);
  if (own === undefined) return undefined;
  state.merge = ownDone(state.merge);
  const app = ctx.apps.find((a) => a.name === own.owner);
  app?.onTerminalResponse?.(details, own.command, systemApi(state, own.owner, ctx.cipher));
  return responseApdu(0x9000);
}

function menuSelection(ctx: SystemContext, apdu: CommandApdu): ResponseApdu | undefined {
  const { state } = ctx;
  let envelope;
  try {
    envelope = decodeEnvelope(apdu.data);
  } catch (error) {
    if (error instanceof DecodeError) return undefined;
    throw error;
  }
  if (envelope.kind !== 'menuSelection') return undefined;
  const item = ownItemOf(state.menu, envelope.itemIdentifier);
  if (item === undefined) return undefined;
  const app = ctx.apps.find((a) => a.name === item.owner);
  app?.onMenu?.(item.index, systemApi(state, item.owner, ctx.cipher));
  return responseApdu(0x9000);
}
