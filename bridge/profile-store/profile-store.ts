// Virtual SIM profiles on disk: load a JSON profile with one-line errors, and save a snapshot
// atomically (write a temporary file in the same directory, fsync, rename over the target, fsync
// the directory) so that a crash leaves either the old profile or the new one, never half of one.
import { readFile } from 'node:fs/promises';
import { ProfileError } from '../../firmware-sim/virtual-sim/profile-error.ts';
import { validateProfile } from '../../firmware-sim/virtual-sim/profile-validation.ts';
import type { Profile } from '../../firmware-sim/virtual-sim/profile.ts';
import { ProfileStoreError } from './profile-store-error.ts';
import { writeFileDurably } from '../durable-file.ts';

/** Largest profile file accepted, in bytes (a full card is about 20 kB of JSON). */
export const PROFILE_MAX_BYTES = 1_000_000;

/** Reads and validates a profile. Throws ProfileStoreError with a one-line message. */
export async function loadProfile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw ProfileStoreError.fromFs(error, path, 'read');
  }
  if (text.length > PROFILE_MAX_BYTES) {
    throw new ProfileStoreError(
      'PROFILE_INVALID',
      path,
      `${path}: larger than ${PROFILE_MAX_BYTES} bytes`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ProfileStoreError('PROFILE_BAD_JSON', path, `${path}: not valid JSON (${reason})`, {
      cause: error,
    });
  }
  try {
    return validateProfile(json);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ProfileStoreError('PROFILE_INVALID', path, `${path}: ${error.message}`, {
      cause: error,
    });
  }
}

/** Writes `profile` (validated first) to `path` atomically. Throws ProfileStoreError. */
export async function saveProfile(path: string, profile: Profile): Promise<void> {
  try {
    validateProfile(profile);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    throw new ProfileStoreError('PROFILE_INVALID', path, `${path}: ${error.message}`);
  }
  try {
    await writeFileDurably(path, `${JSON.stringify(profile, null, 2)}\n`);
  } catch (error) {
    throw ProfileStoreError.fromFs(error, path, 'write');
  }
}
