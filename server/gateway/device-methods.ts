// Operator methods of the SMS gateway over JSON-RPC: `device.register` installs or re-keys an
// adaptor (ETSI TS 102 225 KIc/KID keys, TARs, counter mode), `device.clear` unfreezes a device
// after counter violations, `sms.allowPlain` allows or forbids plain payment SMS for a number.
// Keys are never echoed back.
import { fromHex, toHex } from '../../protocol/bytes/index.ts';
import { decodeKic, decodeKid, encodeKeyIdentifier } from '../../protocol/ota/key-identifier.ts';
import type { Clock } from '../ledger/ledger.ts';
import { MsisdnError } from '../members/msisdn.ts';
import { RpcCode, RpcError } from '../rpc/jsonrpc.ts';
import type { MethodSpec } from '../rpc/methods.ts';
import type { CounterPolicyMode } from './device-records.ts';
import { newDevice, type DeviceSetup } from './device-setup.ts';
import type { SmsGateway } from './gateway.ts';

type P = Record<string, unknown>;

const MODES: readonly CounterPolicyMode[] = ['window', 'one-higher', 'no-check'];

function msisdnOf(gateway: SmsGateway, p: P): string {
  try {
    return gateway.number(p['msisdn'] as string);
  } catch (error) {
    if (error instanceof MsisdnError)
      throw new RpcError(RpcCode.invalidParams, 'msisdn is not a valid number');
    throw error;
  }
}

function octet(p: P, key: string): number | undefined {
  const v = p[key] as number | undefined;
  if (v !== undefined && (v < 0 || v > 255))
    throw new RpcError(RpcCode.invalidParams, `${key} must be one octet (0-255)`);
  return v;
}

function tar(p: P, key: string): Uint8Array | undefined {
  const v = p[key] as string | undefined;
  if (v === undefined) return undefined;
  if (v.length !== 6) throw new RpcError(RpcCode.invalidParams, `${key} must be 3 octets in hex`);
  return fromHex(v);
}

function setupOf(gateway: SmsGateway, p: P): DeviceSetup {
  const mode = p['mode'] as CounterPolicyMode | undefined;
  if (mode !== undefined && !MODES.includes(mode))
    throw new RpcError(RpcCode.invalidParams, `mode must be one of ${MODES.join(', ')}`);
  const counter = p['initialCounter'] as number | undefined;
  if (counter !== undefined && (counter < 0 || counter > 2 ** 40 - 1))
    throw new RpcError(RpcCode.invalidParams, 'initialCounter must be 0 to 2^40-1');
  const kic = octet(p, 'kic');
  const kid = octet(p, 'kid');
  const serverTar = tar(p, 'serverTar');
  const replyTar = tar(p, 'replyTar');
  return {
    msisdn: msisdnOf(gateway, p),
    kicKey: p['kicKey'] as string,
    kidKey: p['kidKey'] as string,
    ...(kic === undefined ? {} : { kic: decodeKic(kic) }),
    ...(kid === undefined ? {} : { kid: decodeKid(kid) }),
    ...(mode === undefined ? {} : { mode }),
    ...(serverTar ? { serverTar } : {}),
    ...(replyTar ? { replyTar } : {}),
    ...(counter === undefined ? {} : { initialCounter: counter }),
  };
}

/** `device.register`, `device.clear` and `sms.allowPlain` bound to `gateway`. */
export function deviceMethods(gateway: SmsGateway, clock: Clock): Record<string, MethodSpec> {
  return {
    'device.register': {
      roles: ['operator'],
      params: {
        msisdn: 'string',
        kicKey: 'hex',
        kidKey: 'hex',
        'kic?': 'integer',
        'kid?': 'integer',
        'mode?': 'string',
        'serverTar?': 'hex',
        'replyTar?': 'hex',
        'initialCounter?': 'integer',
      },
      run: async (_svc, p) => {
        const setup = setupOf(gateway, p);
        let device;
        try {
          device = newDevice(setup, clock.now());
        } catch (error) {
          if (error instanceof RangeError) throw new RpcError(RpcCode.invalidParams, error.message);
          throw error;
        }
        await gateway.registry.put(device);
        return {
          msisdn: device.msisdn,
          kic: encodeKeyIdentifier(device.kic),
          kid: encodeKeyIdentifier(device.kid),
          mode: device.mode,
          serverTar: toHex(device.serverTar),
          replyTar: toHex(device.replyTar),
          installedAt: String(device.installedAt),
        };
      },
    },
    'device.clear': {
      roles: ['operator'],
      params: { msisdn: 'string' },
      run: async (_svc, p) => {
        const msisdn = msisdnOf(gateway, p);
        if (!(await gateway.registry.clearFreeze(msisdn)))
          throw new RpcError(RpcCode.refused, `no device is registered for ${msisdn}`, {
            code: 'DEVICE_UNKNOWN',
          });
        return { msisdn, frozen: false };
      },
    },
    'sms.allowPlain': {
      roles: ['operator'],
      params: { msisdn: 'string', allowed: 'boolean' },
      run: async (_svc, p) => {
        const msisdn = msisdnOf(gateway, p);
        await gateway.registry.setPlainSmsAllowed(msisdn, p['allowed'] as boolean);
        return { msisdn, plainSms: p['allowed'] as boolean };
      },
    },
  };
}
