// The SIM adaptor in front of the handset's card for `simpay handset`: built from the command line
// options (state file, settings), and a payment typed as `PAY 20 4085551212 lunch` carried out the
// way a user would, through the adaptor's menu (TS 102 223 §7.2 MENU SELECTION) and its GET INPUT
// and SELECT ITEM questions (§6.4.3, §6.4.9), so that only the secured SMS leaves.
import { fileAdaptorStorage, readAdaptorSettings } from '../bridge/adaptor-store/index.ts';
import { AdaptorStoreError } from '../bridge/adaptor-store/adaptor-store-error.ts';
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import {
  adaptorConfig,
  createAdaptor,
  isAmount,
  isTarget,
  OWN_ITEM_BASE,
  PAYMENT_KEYWORDS,
  type Adaptor,
  type AdaptorSettings,
  type PaymentKeyword,
} from '../firmware-sim/adaptor/index.ts';
import { isServerAddress } from '../firmware-sim/adaptor/generator/server-sms.ts';
import type { CardLink } from '../firmware-sim/card-link.ts';
import type { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import type { CarrierPort, UserAnswer, UserPort } from '../firmware-sim/handset/ports.ts';
import { decodeTpdu } from '../protocol/sms/tpdu.ts';
import { CliError, UsageError } from './command.ts';

/** Factory settings of the test adaptor, used when no settings file is given. */
export const TEST_ADAPTOR_SETTINGS = new URL(
  '../fixtures/adaptor/test-adaptor.json',
  import.meta.url,
).pathname;

/** Where the adaptor state of a profile is kept by default: next to the profile. */
export const defaultStatePath = (profilePath: string): string => `${profilePath}.adaptor.json`;

/** A payment request as the adaptor's menu collects it. */
export interface MenuRequest {
  readonly keyword: PaymentKeyword;
  /** The answers to the adaptor's questions, in the order it asks them. */
  readonly answers: readonly UserAnswer[];
}

/** Position of "No message" and "Add a message" in the adaptor's SELECT ITEM (1-based). */
const NO_MESSAGE_POSITION = 1;
const ADD_MESSAGE_POSITION = 2;

/**
 * Reads `PAY 20 4085551212 lunch` (keyword, amount, target, optional message) or `BALANCE` /
 * `HISTORY` as menu answers ending with `pin`; undefined when `text` starts with no keyword.
 */
export function menuRequest(text: string, pin: string | undefined): MenuRequest | undefined {
  const [first, ...rest] = text.trim().split(/\s+/);
  const keyword = PAYMENT_KEYWORDS.find((k) => k === first?.toUpperCase());
  if (keyword === undefined) return undefined;
  if (pin === undefined) throw new UsageError(`give --pin PIN: the adaptor asks for it (${text})`);
  const pinAnswer: UserAnswer = { kind: 'text', text: pin };
  if (keyword === 'BALANCE' || keyword === 'HISTORY') {
    if (rest.length > 0) throw new UsageError(`${keyword} takes nothing after it, got '${text}'`);
    return { keyword, answers: [pinAnswer] };
  }
  const [amount, target, ...words] = rest;
  if (amount === undefined || !isAmount(amount))
    throw new UsageError(`${keyword} needs an amount such as 20 or 20.50, got '${text}'`);
  if (target === undefined || !isTarget(target))
    throw new UsageError(`${keyword} needs a phone number after the amount, got '${text}'`);
  const message = words.join(' ');
  const answerText = (value: string): UserAnswer => ({ kind: 'text', text: value });
  const choice: UserAnswer = {
    kind: 'item',
    position: message === '' ? NO_MESSAGE_POSITION : ADD_MESSAGE_POSITION,
  };
  const withMessage = message === '' ? [] : [answerText(message)];
  return {
    keyword,
    answers: [answerText(amount), answerText(target), choice, ...withMessage, pinAnswer],
  };
}

/** The options `simpay handset` passes: the profile, or the state file itself. */
export interface HandsetAdaptorOptions {
  /** The virtual SIM's profile; the state defaults to a file next to it. */
  readonly profilePath?: string | undefined;
  /** `--adaptor-state FILE`; needed when there is no profile. */
  readonly statePath?: string | undefined;
  /** `--adaptor-settings FILE`: factory settings used while the state file does not exist. */
  readonly settingsPath?: string | undefined;
}

/** The adaptor the handset talks to, and what the command line needs of it. */
export interface HandsetAdaptor {
  /** The adaptor as a card: hand it to the handset instead of the SIM. */
  readonly link: CardLink;
  readonly adaptor: Adaptor;
  readonly statePath: string;
  /** Settings as the adaptor starts (stored state, else the factory settings). */
  readonly settings: AdaptorSettings;
  stop(): void;
}

async function settingsFile(path: string): Promise<AdaptorSettings | undefined> {
  try {
    return await readAdaptorSettings(path);
  } catch (error) {
    if (error instanceof AdaptorStoreError) throw new CliError(error.message);
    throw error;
  }
}

/** Builds the adaptor in front of `sim`, its state kept in a file. CliError for bad files. */
export async function openHandsetAdaptor(
  sim: CardLink,
  options: HandsetAdaptorOptions,
): Promise<HandsetAdaptor> {
  const settingsPath = options.settingsPath ?? TEST_ADAPTOR_SETTINGS;
  const factory = await settingsFile(settingsPath);
  if (factory === undefined) throw new CliError(`${settingsPath}: no such file`);
  const { profilePath } = options;
  const statePath =
    options.statePath ?? (profilePath === undefined ? undefined : defaultStatePath(profilePath));
  if (statePath === undefined) throw new UsageError('give --adaptor-state FILE');
  const settings = (await settingsFile(statePath)) ?? factory;
  const adaptor = createAdaptor({
    sim,
    storage: fileAdaptorStorage(statePath, { initial: factory }),
    cipher: new NodeBlockCipherEngine(),
    config: adaptorConfig(factory),
  });
  return { link: adaptor.link, adaptor, statePath, settings, stop: () => adaptor.stop() };
}

/** A user who enters `simPin` at power-on and then gives `answers` in order. */
export function menuUser(simPin: string | undefined, answers: readonly UserAnswer[]): UserPort {
  const queue = [...answers];
  return {
    pin: () => Promise.resolve(simPin),
    answer: () => Promise.resolve(queue.shift() ?? { kind: 'none' }),
  };
}

/** Wraps a carrier so that the SMS-SUBMITs addressed to `server` are counted. */
export function countingCarrier(
  inner: CarrierPort,
  server: string,
): CarrierPort & { readonly toServer: () => number } {
  let count = 0;
  return {
    toServer: () => count,
    async submit(sms) {
      const reference = await inner.submit(sms);
      const tpdu = decodeTpdu(sms.tpdu, 'mo');
      if (tpdu.type === 'submit' && isServerAddress(tpdu.destination, server)) count++;
      return reference;
    },
  };
}

/** Resolves once the handset is idle: no toolkit command pending and nothing queued. */
export function untilIdle(handset: HandsetClient): Promise<void> {
  return new Promise((resolve) => {
    const idle = (): boolean => handset.actor.getSnapshot().matches({ ready: 'idle' });
    if (idle()) return resolve();
    const subscription = handset.actor.subscribe((snapshot) => {
      if (!snapshot.matches({ ready: 'idle' }) && snapshot.status === 'active') return;
      subscription.unsubscribe();
      resolve();
    });
  });
}

/** The adaptor's menu item for `keyword` as the handset shows it, if it is there. */
export function menuItemFor(handset: HandsetClient, keyword: PaymentKeyword): number | undefined {
  const text = keyword.charAt(0) + keyword.slice(1).toLowerCase();
  const item = handset.context.menu.find((i) => i.id >= OWN_ITEM_BASE && i.text === text);
  return item?.id;
}

/**
 * Chooses the request's menu item and lets the user answer the adaptor's questions; resolves once
 * the toolkit session is over. The user port must already hold the request's answers.
 */
export async function selectFromMenu(handset: HandsetClient, request: MenuRequest): Promise<void> {
  await untilIdle(handset);
  const itemId = menuItemFor(handset, request.keyword);
  if (itemId === undefined)
    throw new CliError(`the handset shows no '${request.keyword}' item in the adaptor's menu`);
  const result = await handset.request({ kind: 'selectMenuItem', itemId });
  if (!result.ok) throw new CliError(`the menu selection failed: ${result.error}`);
  await untilIdle(handset);
}

/**
 * Pays `request` through the adaptor's menu on a started handset; CliError, with what the handset
 * showed last, when no SMS reached the server.
 */
export async function payThroughMenu(
  handset: HandsetClient,
  request: MenuRequest,
  carrier: { readonly toServer: () => number },
  io: { readonly stderr: (text: string) => void },
): Promise<number> {
  const before = carrier.toServer();
  await selectFromMenu(handset, request);
  if (carrier.toServer() === before) {
    const shown = handset.context.screen.at(-1);
    const why = shown === undefined ? '' : `: the handset shows '${shown}'`;
    throw new CliError(`the adaptor sent nothing to the server${why}`);
  }
  io.stderr(`${request.keyword} sent through the adaptor as a secured SMS\n`);
  return 0;
}
