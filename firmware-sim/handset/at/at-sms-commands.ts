// SMS commands of TS 27.005: service and storage (§3.2 +CSMS, +CPMS, +CMGF, +CSCA), new message
// indications (§3.4.1 +CNMI, +CMTI), and reading, listing, writing, sending, deleting (§3.5) in
// PDU mode (§3.5, §4 not used) and text mode (§4).
import { DecodeError } from '../../../protocol/bytes/index.ts';
import type { HandsetJob, JobResult, Storage } from '../jobs.ts';
import type { SmsStatus, StoredSms } from '../stored-sms.ts';
import type { AtCommand } from './at-command-line.ts';
import { fromTe, toTe } from './at-charset.ts';
import { Cms, cms, jobError } from './at-errors.ts';
import { OK, failure, lines, type AtHandler, type AtReply, type AtSession } from './at-session.ts';
import {
  parsePduEntry,
  parseStat,
  pduOf,
  statOf,
  textSubmit,
  textView,
  typeOfAddress,
} from './at-sms-format.ts';

/** Messages the handset's own memory holds. */
export const ME_CAPACITY = 50;
const STORAGES: readonly Storage[] = ['SM', 'ME'];

const bad = (textMode: boolean): AtReply =>
  failure(cms(textMode ? Cms.invalidTextParameter : Cms.invalidPduParameter));

function notReady(s: AtSession): AtReply | undefined {
  const status = s.handset.pinStatus;
  if (status === 'READY') return undefined;
  if (status === 'SIM PIN') return failure(cms(Cms.simPinRequired));
  if (status === 'SIM PUK') return failure(cms(Cms.simPukRequired));
  return failure(cms(status === 'SIM BUSY' ? Cms.simBusy : Cms.simFailure));
}

async function run(s: AtSession, job: HandsetJob): Promise<JobResult> {
  return s.handset.request(job);
}

async function usage(s: AtSession, storage: Storage): Promise<[number, number]> {
  if (storage === 'ME') {
    return [s.handset.context.memory.filter((m) => m !== undefined).length, ME_CAPACITY];
  }
  const result = await run(s, { kind: 'listStored', storage });
  const used = result.ok && 'list' in result ? result.list.length : 0;
  return [used, s.handset.context.subscriber?.smsRecords ?? 0];
}

async function cpms(c: AtCommand, s: AtSession): Promise<AtReply> {
  const quoted = STORAGES.map((x) => `"${x}"`).join(',');
  if (c.form === 'test') return lines(`+CPMS: (${quoted}),(${quoted}),(${quoted})`);
  const not = notReady(s);
  if (not !== undefined) return not;
  if (c.form === 'set') {
    const chosen = c.args.map((a) => a.toUpperCase());
    if (chosen.length === 0 || chosen.some((m) => !STORAGES.includes(m as Storage))) {
      return failure(cms(Cms.operationNotSupported));
    }
    chosen.forEach((m, i) => {
      if (i < 3) s.settings.storages[i] = m as Storage;
    });
  }
  const counts = await Promise.all(s.settings.storages.map((m) => usage(s, m)));
  const parts = counts.map(([used, total], i) =>
    c.form === 'read' ? `"${s.settings.storages[i]}",${used},${total}` : `${used},${total}`,
  );
  return lines(`+CPMS: ${parts.join(',')}`);
}

function cmgf(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines('+CMGF: (0,1)');
  if (c.form === 'read') return lines(`+CMGF: ${s.settings.textMode ? 1 : 0}`);
  const mode = c.args[0] ?? '0';
  if (mode !== '0' && mode !== '1') return failure(cms(Cms.operationNotSupported));
  s.settings.textMode = mode === '1';
  return OK;
}

function serviceCentreOf(s: AtSession): string {
  return s.settings.serviceCentre ?? s.handset.context.subscriber?.serviceCentre ?? '';
}

function csca(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return OK;
  if (c.form === 'read') {
    const sc = serviceCentreOf(s);
    return lines(`+CSCA: "${toTe(sc, s.settings.charset)}",${typeOfAddress(sc)}`);
  }
  const value = fromTe(c.args[0] ?? '', s.settings.charset);
  if (!/^\+?[0-9]{1,20}$/.test(value)) return failure(cms(Cms.operationNotAllowed));
  s.settings.serviceCentre = value;
  return OK;
}

function cnmi(c: AtCommand, s: AtSession): AtReply {
  if (c.form === 'test') return lines('+CNMI: (0-2),(0-2),(0),(0),(0,1)');
  if (c.form === 'read') return lines(`+CNMI: ${s.settings.cnmi.join(',')}`);
  const values = c.args.map((a) => (a === '' ? 0 : Number(a)));
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 3))
    return failure(cms(Cms.operationNotSupported));
  values.forEach((v, i) => {
    if (i < 5) s.settings.cnmi[i] = v;
  });
  return OK;
}

function sentReply(name: string, result: JobResult): AtReply {
  if (!result.ok) return failure(jobError(result.error, 'CMS'));
  const mr = 'messageReference' in result ? result.messageReference : undefined;
  return lines(`${name}: ${mr ?? 0}`);
}

function cmgs(c: AtCommand, s: AtSession): AtReply {
  const not = notReady(s);
  if (not !== undefined) return not;
  const textMode = s.settings.textMode;
  if (c.form !== 'set' || c.args.length === 0) return bad(textMode);
  return {
    entry: async (text) => {
      try {
        const job: HandsetJob = textMode
          ? {
              kind: 'sendSms',
              tpdu: textSubmit(
                fromTe(text, s.settings.charset),
                fromTe(c.args[0]!, s.settings.charset),
              ),
              serviceCentre: serviceCentreOf(s),
            }
          : pduJob(text, Number(c.args[0]), s);
        return sentReply('+CMGS', await run(s, job));
      } catch (error) {
        if (error instanceof DecodeError || error instanceof RangeError) return bad(textMode);
        throw error;
      }
    },
  };
}

function pduJob(hex: string, length: number, s: AtSession): HandsetJob {
  const entry = parsePduEntry(hex, length);
  return {
    kind: 'sendSms',
    tpdu: entry.tpdu,
    serviceCentre: entry.serviceCentre ?? serviceCentreOf(s),
  };
}

function cmgw(c: AtCommand, s: AtSession): AtReply {
  const not = notReady(s);
  if (not !== undefined) return not;
  const textMode = s.settings.textMode;
  const statArg = textMode ? c.args[2] : c.args[1];
  const stat = statArg === undefined || statArg === '' ? 2 : parseStat(statArg);
  if (stat === undefined || stat === 4 || (!textMode && c.args.length === 0)) return bad(textMode);
  return {
    entry: async (text) => {
      try {
        const sms: StoredSms = textMode
          ? {
              status: stat,
              serviceCentre: serviceCentreOf(s),
              tpdu: textSubmit(
                fromTe(text, s.settings.charset),
                fromTe(c.args[0] ?? '', s.settings.charset),
              ),
            }
          : storedFromPdu(text, Number(c.args[0]), stat, s);
        const result = await run(s, { kind: 'storeSms', storage: s.settings.storages[1], sms });
        if (!result.ok) return failure(jobError(result.error, 'CMS'));
        return lines(`+CMGW: ${'index' in result ? result.index : 0}`);
      } catch (error) {
        if (error instanceof DecodeError || error instanceof RangeError) return bad(textMode);
        throw error;
      }
    },
  };
}

function storedFromPdu(hex: string, length: number, status: SmsStatus, s: AtSession): StoredSms {
  const entry = parsePduEntry(hex, length, status <= 1 ? 'mt' : 'mo');
  return { status, serviceCentre: entry.serviceCentre ?? serviceCentreOf(s), tpdu: entry.tpdu };
}

async function cmss(c: AtCommand, s: AtSession): Promise<AtReply> {
  const not = notReady(s);
  if (not !== undefined) return not;
  const index = Number(c.args[0]);
  if (c.form !== 'set' || !Number.isInteger(index) || index < 1)
    return failure(cms(Cms.invalidMemoryIndex));
  return sentReply(
    '+CMSS',
    await run(s, { kind: 'sendStored', storage: s.settings.storages[1], index }),
  );
}

function messageLines(head: string, sms: StoredSms, textMode: boolean): string[] {
  if (textMode) {
    const view = textView(sms);
    return [`${head}${statOf(sms.status, true)},${view.fields}`, view.text];
  }
  const pdu = pduOf(sms);
  return [`${head}${statOf(sms.status, false)},,${pdu.length}`, pdu.hex];
}

async function cmgr(c: AtCommand, s: AtSession): Promise<AtReply> {
  const not = notReady(s);
  if (not !== undefined) return not;
  const index = Number(c.args[0]);
  if (c.form !== 'set' || !Number.isInteger(index) || index < 1)
    return failure(cms(Cms.invalidMemoryIndex));
  const result = await run(s, { kind: 'readStored', storage: s.settings.storages[0], index });
  if (!result.ok) return failure(jobError(result.error, 'CMS'));
  if (!('sms' in result)) return failure(cms(Cms.unknown));
  return { lines: messageLines('+CMGR: ', result.sms, s.settings.textMode) };
}

async function cmgl(c: AtCommand, s: AtSession): Promise<AtReply> {
  const textMode = s.settings.textMode;
  if (c.form === 'test') {
    return lines(
      textMode ? '+CMGL: ("REC UNREAD","REC READ","STO UNSENT","STO SENT","ALL")' : '+CMGL: (0-4)',
    );
  }
  const not = notReady(s);
  if (not !== undefined) return not;
  const stat = c.form === 'set' ? parseStat(c.args[0] ?? '') : 0;
  if (stat === undefined) return bad(textMode);
  const storage = s.settings.storages[0];
  const result = await run(s, { kind: 'listStored', storage, markRead: true });
  if (!result.ok) return failure(jobError(result.error, 'CMS'));
  if (!('list' in result)) return failure(cms(Cms.unknown));
  const out = result.list
    .filter((entry) => stat === 4 || entry.sms.status === stat)
    .flatMap((entry) => messageLines(`+CMGL: ${entry.index},`, entry.sms, textMode));
  return { lines: out };
}

async function cmgd(c: AtCommand, s: AtSession): Promise<AtReply> {
  if (c.form === 'test') return lines('+CMGD: (1-255),(0-4)');
  const not = notReady(s);
  if (not !== undefined) return not;
  const storage = s.settings.storages[0];
  const index = Number(c.args[0] ?? '0');
  const flag = Number(c.args[1] || '0');
  if (flag === 0) {
    const result = await run(s, { kind: 'deleteStored', storage, index });
    return result.ok ? OK : failure(jobError(result.error, 'CMS'));
  }
  const listed = await run(s, { kind: 'listStored', storage });
  if (!listed.ok || !('list' in listed)) return failure(cms(Cms.simFailure));
  const keep = (status: SmsStatus): boolean =>
    flag === 1
      ? status !== 1
      : flag === 2
        ? status === 0 || status === 2
        : flag === 3
          ? status === 0
          : false;
  for (const entry of listed.list) {
    if (!keep(entry.sms.status))
      await run(s, { kind: 'deleteStored', storage, index: entry.index });
  }
  return OK;
}

/** TS 27.005 commands keyed by name. */
export const smsCommands: Readonly<Record<string, AtHandler>> = {
  '+CSMS': (c) =>
    c.form === 'test'
      ? lines('+CSMS: (0)')
      : lines(c.form === 'read' ? '+CSMS: 0,1,1,1' : '+CSMS: 1,1,1'),
  '+CPMS': cpms,
  '+CMGF': cmgf,
  '+CSCA': csca,
  '+CNMI': cnmi,
  '+CSDH': (c) => (c.form === 'read' ? lines('+CSDH: 0') : OK),
  '+CSMP': (c) => (c.form === 'read' ? lines('+CSMP: 17,167,0,0') : OK),
  '+CMMS': (c) => (c.form === 'read' ? lines('+CMMS: 0') : OK),
  '+CMGS': cmgs,
  '+CMGW': cmgw,
  '+CMSS': cmss,
  '+CMGR': cmgr,
  '+CMGL': cmgl,
  '+CMGD': cmgd,
};
