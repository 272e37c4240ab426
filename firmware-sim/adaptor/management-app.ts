// Over-the-air management of the adaptor: secured SMS addressed to its own TAR (TS 102 225 §5.1,
// same ciphering, checksum and counter rules as payment traffic, keys of their own) that set the
// server and IVR numbers, replace keys, and enable or disable applications. One command per line.
import { responseApdu } from '../../protocol/iso7816/apdu.ts';
import { PASS, type AdaptorApplication } from './application.ts';
import { MANAGEMENT_TAR, type AdaptorConfig } from './config.ts';
import { packetFor, receiveSecured } from './generator/incoming.ts';
import { dataText } from './generator/payment-request.ts';
import { serverPacketIn } from './generator/server-sms.ts';
import type { AdaptorSettings, ApplicationName } from './settings.ts';

type Change = (s: AdaptorSettings) => AdaptorSettings;

const NUMBER = /^\+?\d{3,20}$/;
const AES_KEY = /^([0-9a-f]{32}|[0-9a-f]{48}|[0-9a-f]{64})$/i;
const APPLICATIONS: readonly ApplicationName[] = ['generator', 'voice'];

/** One management line as a change to the settings, or undefined when it is not valid. */
export function parseManagementLine(line: string): Change | undefined {
  const [verb, a, b, ...rest] = line.trim().split(/\s+/);
  if (rest.length > 0 || verb === undefined) return undefined;
  switch (verb.toUpperCase()) {
    case 'SERVER':
      return a !== undefined && NUMBER.test(a) && b === undefined
        ? (s) => ({ ...s, serverNumber: a })
        : undefined;
    case 'IVR':
      return a !== undefined && NUMBER.test(a) && b === undefined
        ? (s) => ({ ...s, ivrNumber: a })
        : undefined;
    case 'KEYS':
    case 'ADMIN-KEYS': {
      if (a === undefined || b === undefined || !AES_KEY.test(a) || !AES_KEY.test(b))
        return undefined;
      const keys = { kic: a.toLowerCase(), kid: b.toLowerCase() };
      return verb.toUpperCase() === 'KEYS'
        ? (s) => ({ ...s, keys })
        : (s) => ({ ...s, managementKeys: keys });
    }
    case 'ENABLE':
    case 'DISABLE':
      return applicationSwitch(a, b, verb.toUpperCase() === 'ENABLE');
    case 'BLOCK-PLAINTEXT':
      if (b !== undefined || (a !== 'ON' && a !== 'OFF')) return undefined;
      return (s) => ({ ...s, blockPlaintextToServer: a === 'ON' });
    default:
      return undefined;
  }
}

function applicationSwitch(
  a: string | undefined,
  b: string | undefined,
  on: boolean,
): Change | undefined {
  const name = APPLICATIONS.find((n) => n === a?.toLowerCase());
  if (name === undefined || b !== undefined) return undefined;
  return (s) => ({ ...s, applications: { ...s.applications, [name]: on } });
}

/** All lines of a management message, or undefined when any line is not valid. */
export function parseManagement(text: string): Change[] | undefined {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const changes = lines.map(parseManagementLine);
  if (changes.length === 0 || changes.some((c) => c === undefined)) return undefined;
  return changes as Change[];
}

/** Creates the management application (always installed, always first in the chain). */
export function managementApplication(config: AdaptorConfig): AdaptorApplication {
  return {
    name: 'management',
    events: ['handset.apdu'],
    beforeCard(command, api) {
      const found = serverPacketIn(command, api.settings.serverNumber);
      if (found === undefined || !packetFor(found.packet, MANAGEMENT_TAR)) return PASS;
      const response = receiveSecured(found, command, 'management', config, api, (data) => {
        const text = dataText(data);
        const changes = parseManagement(text);
        if (changes === undefined) {
          api.notify({ type: 'sms.rejected', reason: 'bad-management-command' });
          return;
        }
        for (const change of changes) api.updateSettings(change);
        api.notify({ type: 'settings.changed', what: text.split('\n')[0] ?? '' });
      });
      return { kind: 'answer', response: response ?? responseApdu(0x9000) };
    },
  };
}
