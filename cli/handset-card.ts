// The card behind `simpay handset`: the virtual SIM of --profile (in-process, or over its
// ISO/IEC 7816-3 byte line with --byte-level) or the card in the PC/SC reader of --reader, with
// the adaptor state file that goes with it and what closing it involves (--save).
import { ProfileStoreError } from '../bridge/profile-store/profile-store-error.ts';
import { loadProfile, saveProfile } from '../bridge/profile-store/profile-store.ts';
import { ByteLevelLink } from '../firmware-sim/byte-level-link/byte-level-link.ts';
import { cardBytePort } from '../firmware-sim/byte-level-link/card-port.ts';
import type { CardLink } from '../firmware-sim/card-link.ts';
import {
  byteLevelCard,
  createVirtualSim,
  virtualSimLink,
  type Profile,
} from '../firmware-sim/virtual-sim/index.ts';
import { CliError } from './command.ts';
import { defaultStatePath } from './handset-adaptor.ts';
import { openReaderLink, readerStatePath } from './handset-reader.ts';

/** The options that choose the card. */
export interface CardOptions {
  readonly profile?: string | undefined;
  readonly reader?: string | undefined;
  readonly 'byte-level'?: boolean | undefined;
  readonly save?: boolean | undefined;
  readonly 'adaptor-state'?: string | undefined;
}

/** The card the handset (or its adaptor) talks to, and what closing it involves. */
export interface OpenedCard {
  readonly link: CardLink;
  /** The virtual SIM's profile with --profile. */
  readonly profile: Profile | undefined;
  /** The PC/SC reader's full name with --reader. */
  readonly reader: string | undefined;
  /** The adaptor's state file: --adaptor-state, else next to the profile or named after the reader. */
  readonly statePath: string;
  /** Releases the reader, or saves the virtual SIM's state with --save. */
  close(): Promise<void>;
}

async function profileStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof ProfileStoreError) throw new CliError(error.message);
    throw error;
  }
}

/** Opens the card `options` name; CliError in one line when it cannot be reached. */
export async function openCard(options: CardOptions): Promise<OpenedCard> {
  const statePath = options['adaptor-state'];
  if (options.reader !== undefined) {
    const { link, reader } = await openReaderLink(options.reader);
    return {
      link,
      profile: undefined,
      reader,
      statePath: statePath ?? readerStatePath(reader),
      close: () => link.close(),
    };
  }
  const path = options.profile!;
  const profile = await profileStep(() => loadProfile(path));
  const sim = createVirtualSim(profile);
  const link =
    options['byte-level'] === true
      ? new ByteLevelLink(cardBytePort(byteLevelCard(sim)))
      : virtualSimLink(sim);
  const save = options.save === true;
  return {
    link,
    profile,
    reader: undefined,
    statePath: statePath ?? defaultStatePath(path),
    close: async () => {
      if (save) await profileStep(() => saveProfile(path, sim.snapshot()));
    },
  };
}
