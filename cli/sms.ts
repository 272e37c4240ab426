// `simpay sms decode|encode`: 3GPP TS 23.040 TPDUs (optionally with the TS 27.005 service centre
// prefix) from hex to readable JSON and back.
import { DecodeError, fromHex, toHex } from '../protocol/bytes/index.ts';
import {
  JsonFieldError,
  decodeEfSmsRecord,
  decodePduWithSmsc,
  efSmsRecordFromJson,
  efSmsRecordToJson,
  encodeEfSmsRecord,
  decodeTpdu,
  encodePduWithSmsc,
  encodeTpdu,
  pduWithSmscFromJson,
  pduWithSmscToJson,
  tpduFromJson,
  tpduToJson,
  type DecodeTpduOptions,
  type SmsDirection,
} from '../protocol/sms/index.ts';
import { CliError, UsageError, parseOptions, type Command } from './command.ts';

const help = `Usage: simpay sms decode [--direction mo|mt] [--smsc] [--report ack|error] HEX
       simpay sms decode --record HEX
       simpay sms encode JSON|-

'decode' prints a TPDU (SMS-DELIVER, SMS-SUBMIT, SMS-STATUS-REPORT, SMS-COMMAND,
SMS-DELIVER-REPORT, SMS-SUBMIT-REPORT) as JSON: addresses with their type, time stamps in
ISO 8601, the DCS, user data as text and hex, header elements decoded. The same first octet
means different TPDUs mobile-originated (mo) and mobile-terminated (mt); without --direction
both are tried and an input that decodes both ways is refused.
'encode' reads that JSON (argument, or standard input with -) and prints the hex; what
'decode' printed encodes to the same bytes. A "serviceCentre" key (null for the default
centre) makes it the PDU form of AT+CMGS, with the service centre address first; a
"recordStatus" key makes it a 176-byte EF_SMS record (TS 51.011 §10.5.3).

Options:
  --direction mo|mt   mo: mobile to service centre, mt: service centre to mobile
  --smsc              HEX starts with the service centre address (AT+CMGR, +CMT, AT+CMGS)
  --report ack|error  reports: RP-ACK form or RP-ERROR form (with TP-FCS); by default a
                      second octet of 80-FF is read as TP-FCS
  --record            HEX is a 176-byte EF_SMS record (status, service centre, TPDU, FF)

Examples:
  simpay sms decode --smsc 0011000B916407281553F80000AA0AE8329BFD4697D9EC37
  simpay sms decode --direction mt 040bc87238880900f10000993092516195800ae8329bfd4697d9ec37
  simpay sms decode --record 0307917283010010f5040bc8…ffff
  echo '{"type":"submit","destination":"+46708251358","userData":{"text":"hi"}}' | simpay sms encode -
`;

const options = {
  direction: { type: 'string' },
  smsc: { type: 'boolean' },
  report: { type: 'string' },
  record: { type: 'boolean' },
} as const;

export const smsCommand: Command = {
  name: 'sms',
  summary: 'decode SMS TPDUs to JSON and encode them back (TS 23.040)',
  help,
  async run(argv, io) {
    const { values, positionals } = parseOptions(argv, options);
    const [action, input, ...extra] = positionals;
    if (action !== 'decode' && action !== 'encode')
      throw new UsageError("give 'decode' or 'encode'");
    if (input === undefined)
      throw new UsageError(
        action === 'decode' ? 'give the TPDU in hex' : "give the JSON, or '-' for standard input",
      );
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    if (action === 'encode') {
      if (
        values.direction !== undefined ||
        values.smsc ||
        values.report !== undefined ||
        values.record
      ) {
        throw new UsageError('--direction, --smsc, --report and --record apply to decode only');
      }
      const text = input === '-' ? new TextDecoder().decode(await io.readStdin()) : input;
      io.stdout(`${encodeJson(text)}\n`);
      return 0;
    }
    if (values.record) {
      if (values.direction !== undefined || values.smsc || values.report !== undefined) {
        throw new UsageError('--record takes no other option: the status gives the direction');
      }
      const record = efSmsRecordToJson(decodeEfSmsRecord(hexArgument(input)));
      io.stdout(`${JSON.stringify(record, null, 2)}\n`);
      return 0;
    }
    const direction = choice(values.direction, 'direction', ['mo', 'mt']);
    const report = choice(values.report, 'report', ['ack', 'error']);
    const decoded = decodeHex(
      hexArgument(input),
      direction,
      values.smsc === true,
      report === undefined ? {} : { reportForm: report },
    );
    io.stdout(`${JSON.stringify(decoded, null, 2)}\n`);
    return 0;
  },
};

function decodeHex(
  bytes: Uint8Array,
  direction: SmsDirection | undefined,
  smsc: boolean,
  options: DecodeTpduOptions,
): unknown {
  const attempt = (dir: SmsDirection): Record<string, unknown> => {
    const json = smsc
      ? pduWithSmscToJson(decodePduWithSmsc(bytes, dir, options))
      : tpduToJson(decodeTpdu(bytes, dir, options));
    return { direction: dir, ...json };
  };
  if (direction !== undefined) return attempt(direction);
  const results = (['mo', 'mt'] as const).map((dir) => {
    try {
      return { ok: true as const, value: attempt(dir) };
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return { ok: false as const, error };
    }
  });
  const good = results.filter((r) => r.ok);
  if (good.length === 1) return good[0]!.value;
  if (good.length === 2) {
    const [mo, mt] = good.map((r) => (r.ok ? String(r.value['type']) : ''));
    throw new UsageError(
      `ambiguous: reads as ${mo} (mo) and as ${mt} (mt); give --direction mo or --direction mt`,
    );
  }
  const [mo, mt] = results.map((r) => (r.ok ? '' : r.error.message));
  if (mo === mt) throw new CliError(`not a TPDU: ${mo}`);
  throw new CliError(`not a TPDU either way: as mo ${mo}; as mt ${mt}`);
}

function encodeJson(text: string): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `the argument is not JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    const record =
      typeof json === 'object' && json !== null && !Array.isArray(json) ? json : undefined;
    if (record !== undefined && 'recordStatus' in record) {
      return toHex(encodeEfSmsRecord(efSmsRecordFromJson(json)));
    }
    if (record !== undefined && 'serviceCentre' in record)
      return toHex(encodePduWithSmsc(pduWithSmscFromJson(json)));
    return toHex(encodeTpdu(tpduFromJson(json)));
  } catch (error) {
    if (error instanceof JsonFieldError)
      throw new UsageError(`JSON field ${error.field}: ${error.problem}`);
    if (error instanceof RangeError)
      throw new UsageError(`JSON cannot be encoded: ${error.message}`);
    throw error;
  }
}

function hexArgument(text: string): Uint8Array {
  try {
    return fromHex(text);
  } catch (error) {
    const what =
      error instanceof DecodeError && error.code === 'HEX_ODD_LENGTH'
        ? 'has an odd number of digits'
        : 'is not hex';
    throw new UsageError(`HEX ${what}: '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
  }
}

function choice<T extends string>(
  value: string | undefined,
  name: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value))
    throw new UsageError(`--${name} must be ${choices.join(' or ')}, got '${value}'`);
  return value as T;
}
