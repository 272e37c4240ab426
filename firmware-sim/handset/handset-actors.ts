// The I/O steps of the handset machine as promise actors (XState v5 `fromPromise`): each runs one
// card session through the serialised channel and reports the proactive command left pending.
import { fromPromise } from 'xstate';
import { encodeTerminalResponse, type TerminalResponse } from '../../protocol/cat/index.ts';
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { CommandApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardChannel } from './card-channel.ts';
import type { CardMode } from './card-mode.ts';
import { fetchCommand, terminalResponseCommand } from './gsm-commands.ts';
import { runJob, type HandsetJob, type JobContext, type JobOutcome } from './jobs.ts';
import { receiveSms, type IncomingSms, type ReceiveOutcome } from './mt-sms.ts';
import type { CarrierPort, UserPort, VoicePort } from './ports.ts';
import { runProactive, type ProactiveContext, type ProactiveOutcome } from './proactive-runner.ts';
import { CardStatusError } from './sim-files.ts';
import {
  downloadProfile,
  identifyCard,
  pollStatus,
  readSubscriber,
  unblockPin,
  verifyPin,
  type CardIdentity,
  type PinOutcome,
  type Subscriber,
} from './start-up.ts';
import type { StoredSms } from './stored-sms.ts';

/** Everything the handset talks to. */
export interface HandsetPorts {
  readonly channel: CardChannel;
  readonly carrier: CarrierPort;
  readonly voice: VoicePort;
  readonly user: UserPort;
}

/** The ports and the command set chosen at start-up, which every card step takes. */
export interface CardInput {
  readonly ports: HandsetPorts;
  readonly mode: CardMode;
}

/** An actor's output plus the length of a proactive command the card announced (91 xx). */
export type WithPending<T> = T & { readonly pending: number | undefined };

const pendingOf = (ports: HandsetPorts): number | undefined => ports.channel.pendingProactive;

type Settings = Omit<JobContext, 'card' | 'carrier' | 'voice'>;

export const handsetActors = {
  powerOn: fromPromise<CardIdentity, { ports: HandsetPorts }>(async ({ input }) => {
    const atr = await input.ports.channel.reset();
    return input.ports.channel.session((card) => identifyCard(card, atr), 'gsm');
  }),
  askPin: fromPromise<string | undefined, { ports: HandsetPorts }>(({ input }) =>
    input.ports.user.pin(),
  ),
  verifyPin: fromPromise<PinOutcome, CardInput & { pin: string }>(({ input }) =>
    input.ports.channel.session((card) => verifyPin(card, input.pin), input.mode),
  ),
  unblockPin: fromPromise<PinOutcome, CardInput & { puk: string; newPin: string }>(({ input }) =>
    input.ports.channel.session((card) => unblockPin(card, input.puk, input.newPin), input.mode),
  ),
  readSubscriber: fromPromise<Subscriber, CardInput>(({ input }) =>
    input.ports.channel.session(readSubscriber, input.mode),
  ),
  downloadProfile: fromPromise<WithPending<{ sw: number }>, CardInput>(async ({ input }) => {
    const sw = await input.ports.channel.session(downloadProfile, input.mode);
    return { sw, pending: pendingOf(input.ports) };
  }),
  pollStatus: fromPromise<WithPending<{ sw: number }>, CardInput>(async ({ input }) => {
    const sw = await input.ports.channel.session(pollStatus, input.mode);
    return { sw, pending: pendingOf(input.ports) };
  }),
  fetchCommand: fromPromise<Uint8Array, CardInput & { length: number }>(async ({ input }) => {
    const response = await input.ports.channel.exchange(fetchCommand(input.length, input.mode));
    if (response.sw !== 0x9000) throw new CardStatusError(response.sw, 'FETCH');
    return response.data;
  }),
  runCommand: fromPromise<
    ProactiveOutcome,
    {
      ports: HandsetPorts;
      mode: CardMode;
      bytes: Uint8Array;
      settings: Omit<ProactiveContext, 'card' | 'carrier' | 'voice' | 'user'>;
    }
  >(({ input }) => {
    const { ports, mode, bytes, settings } = input;
    // Not one card session: the user may take long to answer, and the poll timer must be able
    // to end the command while its card exchanges still go through the serialised channel.
    const card = {
      mode,
      exchange: (apdu: CommandApdu) => ports.channel.exchange(apdu),
      raw: (apdu: CommandApdu) => ports.channel.raw(apdu),
    };
    const { carrier, voice, user } = ports;
    return runProactive(bytes, { ...settings, card, carrier, voice, user });
  }),
  sendResponse: fromPromise<
    WithPending<{ sw: number }>,
    CardInput & { response: TerminalResponse | undefined }
  >(async ({ input }) => {
    if (input.response === undefined) return { sw: 0x9000, pending: pendingOf(input.ports) };
    const data = encodeTerminalResponse(input.response);
    const command = terminalResponseCommand(data, input.mode);
    const response = await input.ports.channel.exchange(command);
    return { sw: response.sw, pending: pendingOf(input.ports) };
  }),
  runJob: fromPromise<WithPending<JobOutcome>, CardInput & { job: HandsetJob; settings: Settings }>(
    async ({ input }) => {
      const { ports, job, settings } = input;
      const outcome = await ports.channel.session(async (card) => {
        try {
          return await runJob(job, {
            ...settings,
            card,
            carrier: ports.carrier,
            voice: ports.voice,
          });
        } catch (error) {
          if (!(error instanceof CardStatusError || error instanceof DecodeError)) throw error;
          const result = {
            ok: false as const,
            error: 'simFailure' as const,
            detail: error.message,
          };
          return { result, memory: settings.memory, messageReferenceUsed: false };
        }
      }, input.mode);
      return { ...outcome, pending: pendingOf(ports) };
    },
  ),
  receiveSms: fromPromise<
    WithPending<{ outcome: ReceiveOutcome | undefined }>,
    CardInput & { sms: IncomingSms; download: boolean }
  >(async ({ input }) => {
    const { ports, sms, download } = input;
    const outcome = await ports.channel.session(async (card) => {
      try {
        return await receiveSms(card, sms, download);
      } catch (error) {
        if (error instanceof DecodeError || error instanceof CardStatusError) return undefined;
        throw error;
      }
    }, input.mode);
    return { outcome, pending: pendingOf(ports) };
  }),
};

/** Messages kept in handset memory, 1-based positions with gaps. */
export type HandsetMemory = readonly (StoredSms | undefined)[];
