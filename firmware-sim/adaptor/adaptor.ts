// The adaptor assembled: its operating system with the management, payment and voice
// applications, run by the adaptor machine, and the CardLink the handset uses in place of the card.
import { createActor, type Actor, type ActorOptions } from 'xstate';
import type { BlockCipherEngine } from '../../protocol/ota/block-cipher.ts';
import type { CommandApdu, ResponseApdu } from '../../protocol/iso7816/apdu.ts';
import type { CardLink } from '../card-link.ts';
import { createAdaptorCore, type AdaptorCore } from './adaptor-core.ts';
import { ADAPTOR_DELAYS, adaptorMachine, type AdaptorEmitted } from './adaptor-machine.ts';
import type { AdaptorApplication } from './application.ts';
import type { AdaptorConfig } from './config.ts';
import { generatorApplication } from './generator/generator-app.ts';
import { linkError } from './link-error.ts';
import { managementApplication } from './management-app.ts';
import type { AdaptorNotice } from './notices.ts';
import type { AdaptorStorage } from './settings.ts';
import { voiceApplication, type VoiceEncoder } from './voice-app.ts';

/** What an adaptor is built from. */
export interface AdaptorOptions {
  /** The card behind the adaptor. */
  readonly sim: CardLink;
  readonly storage: AdaptorStorage;
  readonly cipher: BlockCipherEngine;
  readonly config: AdaptorConfig;
  /** Digits for the voice application; without it the voice application is not installed. */
  readonly voiceEncoder?: VoiceEncoder;
  /** Replaces the standard applications (management, generator, voice), in chain order. */
  readonly applications?: readonly AdaptorApplication[];
  /** Clock for the machine's delays (a SimulatedClock in tests). */
  readonly clock?: NonNullable<ActorOptions<typeof adaptorMachine>['clock']>;
  /** Milliseconds the card may take to answer. */
  readonly simResponseTimeout?: number;
}

/** A running adaptor. */
export interface Adaptor {
  /** The adaptor as a card, for the handset. */
  readonly link: CardLink;
  readonly core: AdaptorCore;
  readonly actor: Actor<typeof adaptorMachine>;
  /** Registers a listener for the adaptor's notices; returns a function that removes it. */
  onNotice(listener: (notice: AdaptorNotice) => void): () => void;
  pressButton(button: string): void;
  ring(caller: string): void;
  cardRemoved(): void;
  cardInserted(): void;
  stop(): void;
}

/** The standard applications: management first, then the payment and voice applications. */
export function standardApplications(
  config: AdaptorConfig,
  voice?: VoiceEncoder,
): AdaptorApplication[] {
  const apps = [managementApplication(config), generatorApplication(config)];
  return voice === undefined ? apps : [...apps, voiceApplication(voice)];
}

/** Builds and starts an adaptor. */
export function createAdaptor(options: AdaptorOptions): Adaptor {
  const { sim, storage, cipher, config } = options;
  const applications = options.applications ?? standardApplications(config, options.voiceEncoder);
  const core = createAdaptorCore({ sim, storage, cipher, config, applications });
  const delays = {
    simResponseTimeout: options.simResponseTimeout ?? ADAPTOR_DELAYS.simResponseTimeout,
  };
  const machine = adaptorMachine.provide({ delays });
  const actor = createActor(machine, {
    input: { core },
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  actor.start();
  return {
    link: handsetLink(actor),
    core,
    actor,
    onNotice(listener) {
      const subscription = actor.on('*', (event: AdaptorEmitted) => {
        if (!event.type.startsWith('handset.')) listener(event as AdaptorNotice);
      });
      return () => subscription.unsubscribe();
    },
    pressButton: (button) => actor.send({ type: 'device.button', button }),
    ring: (caller) => actor.send({ type: 'device.ring', caller }),
    cardRemoved: () => actor.send({ type: 'card.removed' }),
    cardInserted: () => actor.send({ type: 'card.inserted' }),
    stop: () => actor.stop(),
  };
}

type Waiting =
  | { readonly kind: 'apdu'; resolve(r: ResponseApdu): void; reject(e: Error): void }
  | { readonly kind: 'reset'; resolve(atr: Uint8Array): void; reject(e: Error): void };

/** The CardLink the handset sees: one command or reset at a time, answered by the machine. */
function handsetLink(actor: Actor<typeof adaptorMachine>): CardLink {
  let waiting: Waiting | undefined;
  const settle = (): Waiting | undefined => {
    const w = waiting;
    waiting = undefined;
    return w;
  };
  actor.on('handset.response', (e) => {
    const w = waiting?.kind === 'apdu' ? settle() : undefined;
    if (w?.kind === 'apdu') w.resolve(e.response);
  });
  actor.on('handset.atr', (e) => {
    const w = waiting?.kind === 'reset' ? settle() : undefined;
    if (w?.kind === 'reset') w.resolve(e.atr);
  });
  actor.on('handset.failure', (e) => {
    if (e.code === 'ADAPTOR_RESET' && waiting?.kind === 'reset') return;
    settle()?.reject(linkError(e.code));
  });
  return {
    reset: () =>
      new Promise<Uint8Array>((resolve, reject) => {
        const previous = settle();
        previous?.reject(linkError('ADAPTOR_RESET'));
        waiting = { kind: 'reset', resolve, reject };
        actor.send({ type: 'handset.reset' });
      }),
    transmit: (apdu: CommandApdu) =>
      new Promise<ResponseApdu>((resolve, reject) => {
        if (waiting !== undefined) return reject(linkError('ADAPTOR_BUSY'));
        waiting = { kind: 'apdu', resolve, reject };
        actor.send({ type: 'handset.apdu', apdu });
      }),
  };
}
