// The adaptor settings as JSON (a settings file, a fixture, what a storage port reads back):
// checked field by field, because a stored value may be damaged or written by hand.
import { DecodeError } from '../../protocol/bytes/index.ts';
import type { AdaptorSettings, ChannelKeys } from './settings.ts';

const NUMBER = /^\+?\d{3,20}$/;
const AES_KEY = /^([0-9a-f]{32}|[0-9a-f]{48}|[0-9a-f]{64})$/i;
const MAX_COUNTER = 0xff_ffff_ffff;

type Json = Readonly<Record<string, unknown>>;

function fail(field: string, why: string): never {
  throw new DecodeError('ADAPTOR_BAD_SETTINGS', 0, `${field} ${why}`);
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function number(json: Json, field: string): string {
  const value = json[field];
  if (typeof value !== 'string' || !NUMBER.test(value)) fail(field, 'must be a phone number');
  return value;
}

function counter(json: Json, field: string): number {
  const value = json[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_COUNTER) {
    fail(field, 'must be an integer from 0 to 2^40 - 1');
  }
  return value;
}

function keys(json: Json, field: string): ChannelKeys {
  const value = json[field];
  if (!isObject(value)) fail(field, 'must be an object with kic and kid');
  const { kic, kid } = value;
  if (typeof kic !== 'string' || !AES_KEY.test(kic))
    fail(`${field}.kic`, 'must be an AES key in hex');
  if (typeof kid !== 'string' || !AES_KEY.test(kid))
    fail(`${field}.kid`, 'must be an AES key in hex');
  return { kic: kic.toLowerCase(), kid: kid.toLowerCase() };
}

function flag(json: Json, field: string): boolean {
  const value = json[field];
  if (typeof value !== 'boolean') fail(field, 'must be true or false');
  return value;
}

/** Checks parsed JSON as settings; DecodeError ADAPTOR_BAD_SETTINGS names the first bad field. */
export function parseAdaptorSettings(json: unknown): AdaptorSettings {
  if (!isObject(json)) fail('settings', 'must be a JSON object');
  const apps = json['applications'];
  if (!isObject(apps)) fail('applications', 'must be an object');
  return {
    serverNumber: number(json, 'serverNumber'),
    ivrNumber: number(json, 'ivrNumber'),
    keys: keys(json, 'keys'),
    managementKeys: keys(json, 'managementKeys'),
    uplinkCounter: counter(json, 'uplinkCounter'),
    downlinkCounter: counter(json, 'downlinkCounter'),
    managementCounter: counter(json, 'managementCounter'),
    applications: { generator: flag(apps, 'generator'), voice: flag(apps, 'voice') },
    blockPlaintextToServer: flag(json, 'blockPlaintextToServer'),
  };
}
