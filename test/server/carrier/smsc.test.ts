import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes/index.ts';
import { formatAddress } from '../../../protocol/sms/address.ts';
import { decodeSmsDeliver, type SmsDeliver } from '../../../protocol/sms/sms-deliver.ts';
import { decodeSmsStatusReport } from '../../../protocol/sms/sms-status-report.ts';
import { encodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { messageText, textSubmits } from '../../../protocol/sms/text-messages.ts';
import { createRandom } from '../../../modem/random.ts';
import { handsetCarrierPort, applicationOutbound } from '../../../server/carrier/carrier-ports.ts';
import { ManualScheduler } from '../../../server/carrier/scheduler.ts';
import type { RouteFaults } from '../../../server/carrier/sms-faults.ts';
import { Smsc } from '../../../server/carrier/smsc.ts';
import {
  CarrierError,
  type MtSms,
  type SmscEvent,
  type SmscOptions,
} from '../../../server/carrier/smsc-types.ts';
import { plainDelivers } from '../../../server/gateway/outbound.ts';

const ALICE = '+15550000001';
const BOB = '+15550000002';
const SHORT_CODE = '62729';
const START = Date.UTC(2026, 10, 23, 14, 5, 0);

function world(options: SmscOptions = {}, seed = 1) {
  const scheduler = new ManualScheduler(START);
  const events: SmscEvent[] = [];
  const smsc = new Smsc(scheduler, createRandom(seed), {
    ...options,
    onEvent: (e) => events.push(e),
  });
  const inbox = new Map<string, { sms: MtSms; atMs: number }[]>();
  const attach = (msisdn: string) => {
    inbox.set(msisdn, []);
    return smsc.attach(msisdn, (sms) => {
      inbox.get(msisdn)?.push({ sms, atMs: scheduler.now() });
    });
  };
  const texts = (msisdn: string) =>
    (inbox.get(msisdn) ?? [])
      .filter((m) => m.sms.kind === 'deliver')
      .map((m) => messageText(decodeSmsDeliver(m.sms.tpdu)));
  return { scheduler, smsc, events, inbox, attach, texts };
}

function submitText(smsc: Smsc, from: string, to: string, text: string, mr = 0, srr = false) {
  const [submit] = textSubmits(to, text, { messageReference: mr, statusReportRequest: srr });
  return smsc.submit(from, encodeSmsSubmit(submit!));
}

describe('SMS centre store and forward (TS 23.040 §2)', () => {
  it('turns an SMS-SUBMIT into an SMS-DELIVER: TP-OA from the sender, SCTS from the clock, PID/DCS/UDH kept', async () => {
    const w = world();
    w.attach(ALICE);
    w.attach(BOB);
    const long = 'PAY 12.50 to Bob for the concert tickets, '.repeat(5);
    const submits = textSubmits(BOB, long, { messageReference: 41, pid: 0x41 });
    expect(submits.length).toBe(2);
    const mrs = submits.map((s) => w.smsc.submit(ALICE, encodeSmsSubmit(s)));
    expect(mrs).toEqual([41, 42]);
    await w.scheduler.runUntilIdle();
    const got = w.inbox.get(BOB)!.map((m) => decodeSmsDeliver(m.sms.tpdu));
    expect(got.length).toBe(2);
    got.forEach((d: SmsDeliver, i) => {
      const s = submits[i]!;
      expect(formatAddress(d.originator)).toBe(ALICE);
      expect(d.timestamp).toEqual({
        year: 2026,
        month: 11,
        day: 23,
        hour: 14,
        minute: 5,
        second: 0,
        tzQuarterHours: 0,
      });
      expect(d.pid).toBe(0x41);
      expect(d.dcs).toEqual(s.dcs);
      expect(d.userData).toEqual(s.userData);
    });
    expect(w.inbox.get(BOB)![0]!.sms.serviceCentre).toBe('+10000000000');
    expect(w.smsc.queued).toBe(0);
  });

  it('stores a message for a handset that is not attached and forwards it once it attaches', async () => {
    const w = world();
    submitText(w.smsc, ALICE, BOB, 'hello later');
    await w.scheduler.runUntilIdle();
    expect(w.events.map((e) => e.type)).toEqual(['accepted', 'parked']);
    expect(w.smsc.queued).toBe(1);
    await w.scheduler.advance(3_600_000);
    w.attach(BOB);
    await w.scheduler.runUntilIdle();
    expect(w.texts(BOB)).toEqual(['hello later']);
    expect(w.smsc.queued).toBe(0);
  });

  it('gives the short code application the originator and the SMS-SUBMIT bytes, and delivers its replies', async () => {
    const w = world();
    w.attach(ALICE);
    const received: [string, string][] = [];
    w.smsc.attachApplication(SHORT_CODE, (from, tpdu) => void received.push([from, toHex(tpdu)]));
    const [submit] = textSubmits(SHORT_CODE, 'BAL', { messageReference: 7 });
    const bytes = encodeSmsSubmit(submit!);
    await handsetCarrierPort(w.smsc, ALICE).submit({ serviceCentre: '', tpdu: bytes });
    await w.scheduler.runUntilIdle();
    expect(received).toEqual([[ALICE, toHex(bytes)]]);

    const stamp = {
      year: 2001,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      tzQuarterHours: 0,
    };
    for (const tpdu of plainDelivers('99999', 'Balance 10.00', stamp, 1))
      await applicationOutbound(w.smsc, SHORT_CODE).send(ALICE, tpdu);
    await w.scheduler.runUntilIdle();
    const reply = decodeSmsDeliver(w.inbox.get(ALICE)![0]!.sms.tpdu);
    expect(formatAddress(reply.originator)).toBe(SHORT_CODE);
    expect(reply.timestamp.year).toBe(2026);
    expect(messageText(reply)).toBe('Balance 10.00');
  });

  it('keeps an SMS for the short code until its application attaches, then gives it the SMS-SUBMIT', async () => {
    const w = world();
    const bytes = encodeSmsSubmit(textSubmits(SHORT_CODE, 'HELP')[0]!);
    w.smsc.submit(ALICE, bytes);
    await w.scheduler.runUntilIdle();
    const received: string[] = [];
    w.smsc.attachApplication(
      SHORT_CODE,
      (from, tpdu) => void received.push(`${from} ${toHex(tpdu)}`),
    );
    await w.scheduler.runUntilIdle();
    expect(received).toEqual([`${ALICE} ${toHex(bytes)}`]);
  });

  it('refuses a malformed TPDU with SMSC_BAD_TPDU', () => {
    const w = world();
    expect(() => w.smsc.submit(ALICE, Uint8Array.of(0x01, 0x00))).toThrow(
      expect.objectContaining({ code: 'SMSC_BAD_TPDU' }),
    );
  });

  it('rejects a duplicate under TP-RD while the first is still held (§9.2.3.25)', () => {
    const w = world();
    const [s] = textSubmits(BOB, 'once', { messageReference: 9 });
    const tpdu = encodeSmsSubmit({ ...s!, rejectDuplicates: true });
    w.smsc.submit(ALICE, tpdu);
    expect(() => w.smsc.submit(ALICE, tpdu)).toThrow(
      new CarrierError('SMSC_DUPLICATE', `SMS with TP-MR 9 to ${BOB} is still held (TP-RD set)`),
    );
    expect(w.smsc.submit(BOB, tpdu)).toBe(9);
  });

  it('refuses a submission with a clear error when the queue is full', () => {
    const w = world({ maxQueued: 3 });
    for (let i = 0; i < 3; i++) submitText(w.smsc, ALICE, BOB, `m${i}`);
    let caught: unknown;
    try {
      submitText(w.smsc, ALICE, BOB, 'one too many');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CarrierError);
    expect((caught as CarrierError).code).toBe('SMSC_QUEUE_FULL');
    expect((caught as CarrierError).message).toBe(
      'SMS centre queue is full (3 messages); try again later',
    );
  });
});

describe('status reports (TS 23.040 §9.2.2.3)', () => {
  it('reports delivery to a sender that set TP-SRR', async () => {
    const w = world({ faults: { latencyMs: 2000 } });
    w.attach(ALICE);
    w.attach(BOB);
    submitText(w.smsc, ALICE, BOB, 'report me', 77, true);
    await w.scheduler.runUntilIdle();
    const [entry] = w.inbox.get(ALICE)!;
    expect(entry!.sms.kind).toBe('statusReport');
    const report = decodeSmsStatusReport(entry!.sms.tpdu);
    expect(report).toMatchObject({ messageReference: 77, status: 0 });
    expect(formatAddress(report.recipient)).toBe(BOB);
    expect(report.timestamp.second).toBe(0);
    expect(report.dischargeTime.second).toBe(2);
    expect(decodeSmsDeliver(w.inbox.get(BOB)![0]!.sms.tpdu).statusReportIndication).toBe(true);
  });

  it('reports failure (TP-ST 62) once the recipient never acknowledged within the attempts', async () => {
    const w = world({ maxAttempts: 3, retryIntervalMs: 1000 });
    w.attach(ALICE);
    w.smsc.attach(BOB, () => {
      throw new Error('RP-ERROR');
    });
    submitText(w.smsc, ALICE, BOB, 'nobody home', 5, true);
    await w.scheduler.runUntilIdle();
    expect(w.events.filter((e) => e.to === '15550000002').map((e) => e.type)).toEqual([
      'accepted',
      'failed',
      'failed',
      'failed',
      'expired',
    ]);
    const report = decodeSmsStatusReport(w.inbox.get(ALICE)![0]!.sms.tpdu);
    expect(report).toMatchObject({ messageReference: 5, status: 0x62 });
    expect(w.scheduler.now() - START).toBe(2000);
  });

  it('sends no report when TP-SRR is clear', async () => {
    const w = world();
    w.attach(ALICE);
    w.attach(BOB);
    submitText(w.smsc, ALICE, BOB, 'quiet');
    await w.scheduler.runUntilIdle();
    expect(w.inbox.get(ALICE)).toEqual([]);
  });
});

/** Sends `n` numbered texts from Alice to Bob under `faults` and runs the centre dry. */
async function traffic(faults: RouteFaults, seed: number, n = 40, extra: SmscOptions = {}) {
  const w = world({ faults, retryIntervalMs: 1000, maxAttempts: 50, ...extra }, seed);
  w.attach(BOB);
  for (let i = 0; i < n; i++) {
    submitText(w.smsc, ALICE, BOB, `m${i}`, i);
    await w.scheduler.advance(100);
  }
  await w.scheduler.runUntilIdle();
  const trace = w.events.map((e) => `${e.atMs - START} ${e.type} ${e.id}/${e.attempt}`);
  return { w, trace, texts: w.texts(BOB) };
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `m${i}`);

describe('fault injection from a seeded source', () => {
  it('delay: some messages arrive later than the latency, the same ones for the same seed', async () => {
    const faults = { latencyMs: 50, delay: 0.3, maxDelayMs: 4000 };
    const a = await traffic(faults, 11);
    const arrival = a.w.inbox.get(BOB)!.map((m) => m.atMs);
    expect(a.w.smsc.count('delayed')).toBeGreaterThan(0);
    expect(Math.max(...arrival.map((t, i) => t - (START + i * 100)))).toBeGreaterThan(50);
    expect((await traffic(faults, 11)).trace).toEqual(a.trace);
    expect((await traffic(faults, 12)).trace).not.toEqual(a.trace);
  });

  it('duplicate: some messages arrive twice, the same ones for the same seed', async () => {
    const a = await traffic({ duplicate: 0.25 }, 21);
    expect(a.w.smsc.count('duplicated')).toBeGreaterThan(0);
    expect(a.texts.length).toBe(40 + a.w.smsc.count('duplicated'));
    expect(new Set(a.texts)).toEqual(new Set(numbered(40)));
    expect((await traffic({ duplicate: 0.25 }, 21)).texts).toEqual(a.texts);
  });

  it('reorder: a held message is overtaken by the next one to the same recipient', async () => {
    const a = await traffic({ reorder: 0.2 }, 31);
    expect(a.w.smsc.count('held')).toBeGreaterThan(0);
    expect(a.texts).not.toEqual(numbered(40));
    expect([...a.texts].sort()).toEqual(numbered(40).sort());
    expect((await traffic({ reorder: 0.2 }, 31)).texts).toEqual(a.texts);
  });

  it('reorder: a held message with nothing behind it goes after the hold time', async () => {
    const w = world({ faults: { reorder: 1 }, reorderHoldMs: 5000 });
    w.attach(BOB);
    submitText(w.smsc, ALICE, BOB, 'alone');
    await w.scheduler.runUntilIdle();
    expect(w.texts(BOB)).toEqual(['alone']);
    expect(w.inbox.get(BOB)![0]!.atMs - START).toBe(5000);
  });

  it('drop: lost attempts are retried and every message still arrives', async () => {
    const a = await traffic({ drop: 0.4 }, 41);
    expect(a.w.smsc.count('dropped')).toBeGreaterThan(5);
    expect(a.texts.length).toBe(40);
    expect(new Set(a.texts)).toEqual(new Set(numbered(40)));
    expect((await traffic({ drop: 0.4 }, 41)).trace).toEqual(a.trace);
  });

  it('loss: a permanently lost message never arrives and is counted', async () => {
    const a = await traffic({ loss: 0.2 }, 51);
    const lost = a.w.smsc.count('lost');
    expect(lost).toBeGreaterThan(0);
    expect(a.texts.length).toBe(40 - lost);
    expect(a.w.smsc.queued).toBe(0);
    expect((await traffic({ loss: 0.2 }, 51)).texts).toEqual(a.texts);
  });

  it('applies faults per route: the first matching route wins, others use the default', async () => {
    const w = world({ routes: [{ from: ALICE, faults: { loss: 1 } }], faults: {} });
    w.attach(ALICE);
    w.attach(BOB);
    submitText(w.smsc, ALICE, BOB, 'from alice');
    submitText(w.smsc, BOB, ALICE, 'from bob');
    await w.scheduler.runUntilIdle();
    expect(w.texts(BOB)).toEqual([]);
    expect(w.texts(ALICE)).toEqual(['from bob']);
  });

  it('refuses fault settings out of range', () => {
    expect(() => new Smsc(new ManualScheduler(), createRandom(1), { faults: { drop: 2 } })).toThrow(
      'default faults: drop must be within 0-1, got 2',
    );
  });
});

describe('at-least-once delivery', () => {
  it('delivers every accepted message at least once under drop, duplicate, reorder and delay', async () => {
    const faults = { drop: 0.3, duplicate: 0.2, reorder: 0.2, delay: 0.3, maxDelayMs: 3000 };
    for (let seed = 100; seed < 110; seed++) {
      const { w, texts } = await traffic(faults, seed, 30);
      expect(new Set(texts), `seed ${seed}`).toEqual(new Set(numbered(30)));
      expect(w.smsc.queued).toBe(0);
      expect(w.smsc.count('expired')).toBe(0);
    }
  });

  it('holds for any fault mix and seed (property, seeded)', async () => {
    const p = fc.double({ min: 0, max: 0.6, noNaN: true });
    await fc.assert(
      fc.asyncProperty(
        fc.record({ drop: p, duplicate: p, reorder: p, delay: p }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 1, max: 15 }),
        async (faults, seed, n) => {
          const { w, texts } = await traffic({ ...faults, maxDelayMs: 2000 }, seed, n);
          expect(new Set(texts)).toEqual(new Set(numbered(n)));
          expect(texts.length).toBe(n + w.smsc.count('duplicated'));
          expect(w.smsc.queued).toBe(0);
        },
      ),
      { numRuns: 40, seed: 2026 },
    );
  });

  it('keeps retrying through a handset that refuses some attempts', async () => {
    const w = world({ retryIntervalMs: 500, maxAttempts: 20 }, 3);
    const random = createRandom(9);
    const got: string[] = [];
    w.smsc.attach(BOB, (sms) => {
      if (random.uniform() < 0.5) throw new Error('memory full');
      got.push(messageText(decodeSmsDeliver(sms.tpdu)) ?? '');
    });
    for (let i = 0; i < 20; i++) submitText(w.smsc, ALICE, BOB, `m${i}`, i);
    await w.scheduler.runUntilIdle();
    expect(w.smsc.count('failed')).toBeGreaterThan(0);
    expect(new Set(got)).toEqual(new Set(numbered(20)));
  });
});

describe('replay', () => {
  it('submits a kept SMS-SUBMIT again byte for byte, and names what it cannot find', async () => {
    const w = world();
    w.attach(BOB);
    submitText(w.smsc, ALICE, BOB, 'first', 1);
    submitText(w.smsc, ALICE, BOB, 'second', 2);
    expect(w.smsc.replay(ALICE, 1)).toBe(1);
    expect(w.smsc.replay(ALICE, 'last')).toBe(2);
    await w.scheduler.runUntilIdle();
    expect(w.texts(BOB)).toEqual(['first', 'second', 'first', 'second']);
    expect(() => w.smsc.replay(ALICE, 3)).toThrow(
      new CarrierError('SMSC_NO_SUCH_SMS', `${ALICE} has no SMS number 3 to replay`),
    );
  });
});
