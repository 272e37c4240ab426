// Profile validation: the fixtures are valid, and each kind of mistake is one line naming the field.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../../firmware-sim/virtual-sim/profile-validation.ts';
import { ProfileError } from '../../../firmware-sim/virtual-sim/profile-error.ts';
import { createVirtualSim } from '../../../firmware-sim/virtual-sim/virtual-sim.ts';
import { fixtureProfile } from './sim-driver.ts';

const base = fixtureProfile('test-sim') as unknown as Record<string, unknown>;

const mistakes: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
  ['format', { format: 'other' }],
  ['uicc', { uicc: 'yes' }],
  ['iccid', { iccid: '1234' }],
  ['imsi', { imsi: '310150123456789' }],
  ['msisdn', { msisdn: '+12-34' }],
  ['pin1.value', { pin1: { value: '12', retriesLeft: 3, enabled: true } }],
  ['pin1.retriesLeft', { pin1: { value: '1234', retriesLeft: 4, enabled: true } }],
  ['pin1.enabled', { pin1: { value: '1234', retriesLeft: 3 } }],
  ['puk1', { puk1: '12345678' }],
  ['adm1.value', { adm1: { value: 'secret', retriesLeft: 3 } }],
  ['ki', { ki: '0011' }],
  ['usimAid', { usimAid: 'A0000000091001' }],
  ['sstServices[1]', { sstServices: [1, 65] }],
  ['adn[0].number', { adn: [{ alpha: 'x', number: 'abc' }] }],
  ['adn[0].alpha', { adn: [{ alpha: 'a name far too long for it', number: '123' }] }],
  ['smsp.serviceCentre', { smsp: {} }],
  ['smsRecords', { smsRecords: 0 }],
  ['storeSmsPpDownload', { storeSmsPpDownload: 1 }],
  ['proactiveCommands[0]', { proactiveCommands: ['8103012180'] }],
  ['atr', { atr: '3b9f' }],
  ['invalidatedFiles[0]', { invalidatedFiles: ['3F00/7FFF/6F07'] }],
  ['files[0].path', { files: [{ path: '3F00/7FFF/6F3C', records: [] }] }],
  ['files[0].data', { files: [{ path: '3F00/2FE2', data: '00' }] }],
  ['files[0].records', { files: [{ path: '3F00/7F10/6F42', records: [] }] }],
];

describe('validateProfile', () => {
  it('accepts both fixtures', () => {
    expect(validateProfile(fixtureProfile('test-sim')).imsi).toBe('001010000000001');
    expect(validateProfile(fixtureProfile('sim-2g')).uicc).toBe(false);
  });

  it.each(mistakes)('names %s', (field, change) => {
    let error: unknown;
    try {
      validateProfile({ ...base, ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).field).toBe(field);
    expect((error as ProfileError).message).toMatch(
      new RegExp(`^profile field '${field.replace(/[[\].]/g, '\\$&')}': expected .+$`),
    );
  });

  it('rejects values that are not objects', () => {
    expect(() => validateProfile(null)).toThrow("profile field 'profile': expected an object");
    expect(() => createVirtualSim([] as never)).toThrow(ProfileError);
  });
});
