// General AT commands: V.250 basics (E, V, Q, Z, &F, I, D, H), TS 27.007 identification (§5),
// PIN (§8.3), signal and registration (§7.2, §8.5), error reporting (§9.1), DTMF (§C.2.11), and
// SIM access (§8.17 +CSIM, §8.18 +CRSM).
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeCommandApdu } from '../../../protocol/iso7816/apdu.ts';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import type { AtCommand } from './at-command-line.ts';
import { CHARSETS, fromTe } from './at-charset.ts';
import { Cme, cme, jobError } from './at-errors.ts';
import {
  OK,
  defaultSettings,
  failure,
  lines,
  type AtHandler,
  type AtReply,
  type AtSession,
} from './at-session.ts';

const badParameters = failure(cme(Cme.incorrectParameters));

const ready = (s: AtSession): AtReply | undefined => {
  const status = s.handset.pinStatus;
  if (status === 'READY') return undefined;
  if (status === 'SIM PIN') return failure(cme(Cme.simPinRequired));
  if (status === 'SIM PUK') return failure(cme(Cme.simPukRequired));
  if (status === 'SIM BUSY') return failure(cme(Cme.simBusy));
  return failure(cme(Cme.simFailure));
};

const flag = (c: AtCommand): number => Number(c.value === '' ? '0' : c.value);

function identity(text: (s: AtSession) => string): AtHandler {
  return (c, s) => (c.form === 'test' ? OK : lines(text(s)));
}

async function cpin(c: AtCommand, s: AtSession): Promise<AtReply> {
  if (c.form === 'test') return OK;
  if (c.form === 'read') return lines(`+CPIN: ${s.handset.pinStatus}`);
  if (c.form !== 'set' || c.args.length === 0) return badParameters;
  const [first, second] = c.args;
  const job =
    second === undefined || second === ''
      ? { kind: 'enterPin' as const, pin: first! }
      : { kind: 'enterPuk' as const, puk: first!, newPin: second };
  if (s.handset.pinStatus === 'READY') return OK;
  const result = await s.handset.request(job);
  if (!result.ok) return failure(jobError(result.error, 'CME'));
  await s.handset.settled();
  return OK;
}

function cimi(_c: AtCommand, s: AtSession): AtReply {
  return ready(s) ?? lines(s.handset.context.subscriber?.imsi ?? '');
}

function ccid(c: AtCommand, s: AtSession): AtReply {
  const iccid = s.handset.context.identity?.iccid;
  if (iccid === undefined) return failure(cme(Cme.simNotInserted));
  return lines(c.name === 'I' ? iccid : `${c.name}: ${iccid}`);
}

function cnum(_c: AtCommand, s: AtSession): AtReply {
  const not = ready(s);
  if (not !== undefined) return not;
  const number = s.handset.context.subscriber?.msisdn ?? '';
  if (number === '') return OK;
  return lines(`+CNUM: "","${number}",${number.startsWith('+') ? 145 : 129}`);
}

function cmee(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines('+CMEE: (0-2)');
  if (c.form === 'read') return lines(`+CMEE: ${s.settings.cmee}`);
  const n = Number(c.args[0] ?? '0');
  if (!(n >= 0 && n <= 2)) return badParameters;
  s.settings.cmee = n;
  return OK;
}

function cscs(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines(`+CSCS: (${CHARSETS.map((x) => `"${x}"`).join(',')})`);
  if (c.form === 'read') return lines(`+CSCS: "${s.settings.charset}"`);
  const value = (c.args[0] ?? '').toUpperCase();
  if (!(CHARSETS as readonly string[]).includes(value)) return badParameters;
  s.settings.charset = value;
  return OK;
}

function creg(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines('+CREG: (0-2)');
  if (c.form === 'read') {
    const registered = s.handset.pinStatus === 'READY' ? 1 : 0;
    return lines(`${c.name}: ${s.settings.creg},${registered}`);
  }
  s.settings.creg = Number(c.args[0] ?? '0');
  return OK;
}

function cops(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines('+COPS: (2,"simpay","simpay","00101"),,(0-4),(0-2)');
  if (c.form === 'read') {
    return s.handset.pinStatus === 'READY' ? lines('+COPS: 0,2,"00101"') : lines('+COPS: 0');
  }
  return OK;
}

async function voiceJob(
  s: AtSession,
  job: Parameters<AtSession['handset']['request']>[0],
): Promise<AtReply> {
  const not = ready(s);
  if (not !== undefined) return not;
  const result = await s.handset.request(job);
  return result.ok ? OK : failure(jobError(result.error, 'CME'));
}

async function dial(c: AtCommand, s: AtSession): Promise<AtReply> {
  const number = c.value.replace(/;$/, '').replace(/[^0-9+*#,]/g, '');
  if (number === '') return failure(cme(Cme.incorrectParameters));
  return voiceJob(s, { kind: 'dial', number });
}

async function vts(c: AtCommand, s: AtSession): Promise<AtReply> {
  const digits = c.args.join('').replace(/[{}\s]/g, '');
  if (!/^[0-9*#A-D]+$/i.test(digits)) return badParameters;
  return voiceJob(s, { kind: 'dtmf', digits });
}

async function csim(c: AtCommand, s: AtSession): Promise<AtReply> {
  if (c.form !== 'set') return c.form === 'test' ? OK : badParameters;
  const [length, hex] = c.args;
  const not = ready(s);
  if (not !== undefined && s.handset.pinStatus !== 'SIM PIN' && s.handset.pinStatus !== 'SIM PUK')
    return not;
  try {
    const command = fromTe(hex ?? '', 'IRA');
    if (Number(length) !== command.length) return badParameters;
    const apdu = decodeCommandApdu(fromHex(command));
    const result = await s.handset.request({ kind: 'simCommand', apdu, raw: true });
    if (!result.ok || !('response' in result)) return failure(cme(Cme.simFailure));
    const out = toHex(result.response.data) + result.response.sw.toString(16).padStart(4, '0');
    return lines(`+CSIM: ${out.length},"${out.toUpperCase()}"`);
  } catch (error) {
    if (error instanceof DecodeError || error instanceof RangeError) return badParameters;
    throw error;
  }
}

async function crsm(c: AtCommand, s: AtSession): Promise<AtReply> {
  if (c.form !== 'set') return c.form === 'test' ? OK : badParameters;
  const not = ready(s);
  if (not !== undefined) return not;
  const [command, fileId, p1, p2, p3, data] = c.args;
  const num = (v: string | undefined) => (v === undefined || v === '' ? 0 : Number(v));
  if (!/^\d+$/.test(command ?? '') || !/^\d+$/.test(fileId ?? '')) return badParameters;
  let bytes: Uint8Array;
  try {
    bytes = fromHex(data ?? '');
  } catch {
    return badParameters;
  }
  const access = {
    command: num(command),
    fileId: num(fileId),
    p1: num(p1),
    p2: num(p2),
    p3: num(p3),
    data: bytes,
  };
  const result = await s.handset.request({ kind: 'restrictedSim', access });
  if (!result.ok || !('response' in result)) return failure(cme(Cme.simFailure));
  const { sw, data: out } = result.response;
  const tail = out.length > 0 ? `,"${toHex(out).toUpperCase()}"` : '';
  return lines(`+CRSM: ${sw >> 8},${sw & 0xff}${tail}`);
}

/** Commands every modem answers, keyed by name. */
export const generalCommands: Readonly<Record<string, AtHandler>> = {
  E: (c, s) => {
    s.settings.echo = flag(c) === 1;
    return OK;
  },
  Z: (_c, s) => {
    s.settings = defaultSettings();
    return OK;
  },
  '&F': (_c, s) => {
    s.settings = defaultSettings();
    return OK;
  },
  V: () => OK,
  Q: () => OK,
  X: () => OK,
  S: () => OK,
  '&C': () => OK,
  '&D': () => OK,
  '&K': () => OK,
  '&W': () => OK,
  I: identity((s) => `${s.info.manufacturer} ${s.info.model} ${s.info.revision}`),
  '+CGMI': identity((s) => s.info.manufacturer),
  '+GMI': identity((s) => s.info.manufacturer),
  '+CGMM': identity((s) => s.info.model),
  '+GMM': identity((s) => s.info.model),
  '+CGMR': identity((s) => s.info.revision),
  '+GMR': identity((s) => s.info.revision),
  '+CGSN': identity((s) => s.info.imei),
  '+GSN': identity((s) => s.info.imei),
  '+CPIN': cpin,
  '+CIMI': cimi,
  '+CCID': ccid,
  '+ICCID': ccid,
  '+CNUM': cnum,
  '+CSQ': (c) => (c.form === 'test' ? lines('+CSQ: (0-31,99),(0-7,99)') : lines('+CSQ: 20,99')),
  '+CREG': creg,
  '+CGREG': creg,
  '+COPS': cops,
  '+CFUN': (c) => (c.form === 'read' ? lines('+CFUN: 1') : OK),
  '+CMEE': cmee,
  '+CSCS': cscs,
  D: dial,
  H: (_c, s) => voiceJob(s, { kind: 'hangUp' }),
  '+CHUP': (_c, s) => voiceJob(s, { kind: 'hangUp' }),
  '+VTS': vts,
  '+CSIM': csim,
  '+CRSM': crsm,
};
