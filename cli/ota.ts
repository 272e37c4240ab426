// `simpay ota wrap|unwrap`: ETSI TS 102 225 / 3GPP TS 31.115 secured command and response packets
// (the SMS form, CPL or RPL first) built from, and opened to, hex.
import { NodeBlockCipherEngine } from '../bridge/crypto/node-block-cipher.ts';
import { DecodeError, fromHex, toHex } from '../protocol/bytes/index.ts';
import {
  POR_STATUS,
  cipherOf,
  decodeCounter,
  decodeKic,
  decodeKid,
  decodeSpi,
  describePorStatus,
  encodeCounter,
  isValidKeyLength,
  keyLengthsOf,
  macCipherOf,
  packetToUserData,
  porStatusOf,
  readSecuredUserData,
  unwrapCommandPacket,
  unwrapResponsePacket,
  wrapCommandPacket,
  wrapResponsePacket,
  type OtaKeys,
  type PorStatus,
  type ResponseSecurity,
} from '../protocol/ota/index.ts';
import { CliError, UsageError, parseOptions, type CliIo, type Command } from './command.ts';

const help = `Usage: simpay ota wrap [options] [--response --status HEX] DATA_HEX
       simpay ota unwrap [options] [--response] PACKET_HEX

Builds or opens a secured packet of ETSI TS 102 225 in its SMS form (3GPP TS 31.115): a command
packet (CPL CHL SPI KIc KID TAR, then CNTR PCNTR RC/CC/DS data, ciphered as the SPI says) or,
with --response, a response packet (PoR: RPL RHL TAR, then CNTR PCNTR status RC/CC/DS data) whose
security follows the PoR bits of the SPI. The checksum of a response also covers the SMS UDH
02 71 00. 'wrap' prints the packet in hex; 'unwrap' prints JSON and exits 1 when a command packet
is refused (its status code is not 00) or a response packet does not verify.

Options:
  --spi HEX          SPI, 2 octets (default 1621: ciphered, CC, counter must be higher,
                     PoR required by SMS-SUBMIT without CC or ciphering)
  --kic HEX          KIc octet (default 12: AES-CBC, key version 1)
  --kid HEX          KID octet (default 12: AES-CMAC, key version 1)
  --tar HEX          TAR, 3 octets (default 000001)
  --cntr HEX         CNTR, up to 5 octets (default 0000000001)
  --kic-key HEX      ciphering key: 16/24/32 bytes AES, 8 DES, 16 or 24 triple DES
  --kid-key HEX      checksum key, the same lengths
  --response         a response packet instead of a command packet
  --status HEX       wrap --response: status code (default 00 PoR OK)
  --stored-cntr HEX  unwrap: the counter the receiver holds for the TAR (default 0)
  --udh              wrap: print SMS user data (UDH 02 70 00 or 02 71 00, then the packet),
                     one line per SMS, concatenated when longer than 140 octets;
                     unwrap: PACKET_HEX is the user data of one SMS
  --json             wrap: print {packet, userData}; unwrap always prints JSON

Examples:
  simpay ota wrap --kic-key 000102030405060708090a0b0c0d0e0f --kid-key 101112131415161718191a1b1c1d1e1f 80e60c00
  simpay ota unwrap --kic-key 000102030405060708090a0b0c0d0e0f --kid-key 101112131415161718191a1b1c1d1e1f \
    0028151621121200000151054cabf9298c6bc42761fdfd6b23af5a4e60b3f01cb2125af4140c08dbb9f5
  simpay ota wrap --response --spi 1639 --status 02 --udh --kic-key … --kid-key … 9000
`;

const options = {
  spi: { type: 'string', default: '1621' },
  kic: { type: 'string', default: '12' },
  kid: { type: 'string', default: '12' },
  tar: { type: 'string', default: '000001' },
  cntr: { type: 'string', default: '0000000001' },
  'kic-key': { type: 'string' },
  'kid-key': { type: 'string' },
  response: { type: 'boolean' },
  status: { type: 'string' },
  'stored-cntr': { type: 'string', default: '00' },
  udh: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseOptions<typeof options>>['values'];

interface Settings {
  readonly security: ResponseSecurity;
  readonly keys: OtaKeys;
  readonly tar: Uint8Array;
  readonly counter: number;
}

export const otaCommand: Command = {
  name: 'ota',
  summary: 'wrap or unwrap TS 102 225 secured command and response packets',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, options);
    const [action, hex, ...extra] = positionals;
    if (action !== 'wrap' && action !== 'unwrap') throw new UsageError("give 'wrap' or 'unwrap'");
    if (hex === undefined)
      throw new UsageError(`give the ${action === 'wrap' ? 'data' : 'packet'} in hex`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (values.status !== undefined && (action !== 'wrap' || values.response !== true)) {
      throw new UsageError('--status applies to wrap --response only');
    }
    const settings = readSettings(values);
    const input = hexArgument(hex, action === 'wrap' ? 'DATA_HEX' : 'PACKET_HEX');
    return action === 'wrap'
      ? wrap(values, settings, input, io)
      : unwrap(values, settings, input, io);
  },
};

const engine = new NodeBlockCipherEngine();

function wrap(values: Values, settings: Settings, data: Uint8Array, io: CliIo): number {
  const { security, keys, tar, counter } = settings;
  const response = values.response === true;
  const packet = sealOrFail(() =>
    response
      ? wrapResponsePacket(
          { tar, counter, status: statusOption(values.status), data },
          security,
          keys,
          engine,
        )
      : wrapCommandPacket({ ...security, tar, counter, data }, keys, engine),
  );
  const userData = packetToUserData(response ? 'response' : 'command', packet).map((u) =>
    toHex(u.userData),
  );
  if (values.json === true) io.stdout(`${JSON.stringify({ packet: toHex(packet), userData })}\n`);
  else io.stdout(`${values.udh === true ? userData.join('\n') : toHex(packet)}\n`);
  return 0;
}

function unwrap(values: Values, settings: Settings, input: Uint8Array, io: CliIo): number {
  const packet = values.udh === true ? readSecuredUserData(input).payload : input;
  const result =
    values.response === true
      ? openResponse(settings, packet)
      : openCommand(values, settings, packet);
  io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  return result['accepted'] === true || result['verified'] === true ? 0 : 1;
}

function openCommand(
  values: Values,
  settings: Settings,
  packet: Uint8Array,
): Record<string, unknown> {
  const stored = counterOption(values['stored-cntr'], 'stored-cntr');
  const out = unwrapCommandPacket(packet, () => ({ keys: settings.keys, counter: stored }), engine);
  const header = {
    spi: out.header.spi,
    kic: out.header.kic,
    kid: out.header.kid,
    tar: toHex(out.header.tar),
  };
  const base = {
    kind: 'command',
    accepted: out.status === 'ok',
    ...statusFields(out.status),
    ...header,
  };
  if (out.status !== 'ok') {
    return out.counter === undefined ? base : { ...base, cntr: toHex(encodeCounter(out.counter)) };
  }
  return {
    ...base,
    cntr: toHex(encodeCounter(out.counter)),
    pcntr: out.paddingCount,
    nextStoredCntr: toHex(encodeCounter(out.nextCounter)),
    data: toHex(out.data),
  };
}

function openResponse(settings: Settings, packet: Uint8Array): Record<string, unknown> {
  const out = unwrapResponsePacket(packet, settings.security, settings.keys, engine);
  if (!out.verified) return { kind: 'response', verified: false, problem: out.problem };
  return {
    kind: 'response',
    verified: true,
    tar: toHex(out.tar),
    cntr: toHex(encodeCounter(out.counter)),
    pcntr: out.paddingCount,
    ...statusFields(out.status),
    data: toHex(out.data),
  };
}

function sealOrFail(build: () => Uint8Array): Uint8Array {
  try {
    return build();
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(error.message);
    throw error;
  }
}

function statusFields(status: PorStatus): Record<string, string> {
  const code = POR_STATUS[status].toString(16).padStart(2, '0');
  return { status, statusCode: code, statusText: describePorStatus(status) };
}

function readSettings(values: Values): Settings {
  const spiBytes = sizedHex(values.spi, 'spi', 2);
  const spi = decodeOrUsage(() => decodeSpi(spiBytes), '--spi');
  const kic = decodeKic(sizedHex(values.kic, 'kic', 1)[0]!);
  const kid = decodeKid(sizedHex(values.kid, 'kid', 1)[0]!, spi.checksum === 'rc');
  const keys: { kic?: Uint8Array; kid?: Uint8Array } = {};
  if (values['kic-key'] !== undefined) keys.kic = hexArgument(values['kic-key'], '--kic-key');
  if (values['kid-key'] !== undefined) keys.kid = hexArgument(values['kid-key'], '--kid-key');
  const cipher = cipherOf(kic)?.cipher;
  const macCipher = macCipherOf(kid);
  if (cipher !== undefined && keys.kic !== undefined)
    checkKey(keys.kic, cipher, '--kic-key', kic.suite);
  if (macCipher !== undefined && keys.kid !== undefined)
    checkKey(keys.kid, macCipher, '--kid-key', kid.suite);
  const ciphering = values.response === true ? spi.porCiphering : spi.ciphering;
  const checksum = values.response === true ? spi.porChecksum : spi.checksum;
  if (ciphering && cipher === undefined)
    throw new UsageError(`--kic ${values.kic} names no cipher (${kic.suite})`);
  if (ciphering && keys.kic === undefined)
    throw new UsageError('--kic-key is required: the SPI asks for ciphering');
  if (checksum === 'cc' && keys.kid === undefined)
    throw new UsageError('--kid-key is required: the SPI asks for a CC');
  if (checksum === 'ds') throw new UsageError('digital signatures (DS) are not supported');
  const tar = sizedHex(values.tar, 'tar', 3);
  return { security: { spi, kic, kid }, keys, tar, counter: counterOption(values.cntr, 'cntr') };
}

function checkKey(
  key: Uint8Array,
  cipher: Parameters<typeof keyLengthsOf>[0],
  name: string,
  suite: string,
): void {
  if (!isValidKeyLength(cipher, key)) {
    throw new UsageError(
      `${name} must be ${keyLengthsOf(cipher).join(' or ')} bytes for ${suite}, got ${key.length}`,
    );
  }
}

function statusOption(text: string | undefined): PorStatus {
  if (text === undefined) return 'ok';
  const status = porStatusOf(sizedHex(text, 'status', 1)[0]!);
  if (status === undefined)
    throw new UsageError(`--status ${text} is not a status code of TS 102 225 or TS 31.115`);
  return status;
}

function counterOption(text: string | undefined, name: string): number {
  const bytes = hexArgument(text ?? '00', `--${name}`);
  if (bytes.length === 0 || bytes.length > 5)
    throw new UsageError(`--${name} must be 1 to 5 octets of hex`);
  const padded = new Uint8Array(5);
  padded.set(bytes, 5 - bytes.length);
  return decodeCounter(padded);
}

function sizedHex(text: string | undefined, name: string, length: number): Uint8Array {
  const bytes = hexArgument(text ?? '', `--${name}`);
  if (bytes.length !== length)
    throw new UsageError(`--${name} must be ${length} octet(s) of hex, got ${bytes.length}`);
  return bytes;
}

function hexArgument(text: string, name: string): Uint8Array {
  return decodeOrUsage(() => fromHex(text), name);
}

function decodeOrUsage<T>(run: () => T, name: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DecodeError) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
}
