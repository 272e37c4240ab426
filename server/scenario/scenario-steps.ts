// The steps section of a scenario: one action per step (send by menu or from storage, plain SMS,
// PIN by call-back, pay by call, request, accept, invite, join, replay, SIM pulled and put back,
// wait) and its expectations (balances, replies, refused SMS, TS 102 225 status).
import type { Node } from 'yaml';
import { POR_STATUS, type PorStatus } from '../../protocol/ota/status.ts';
import { amount, duration, msisdn, pin } from './scenario-fields.ts';
import type { Expectation, ExpectedReply, ScenarioStep, StepAction } from './scenario-types.ts';
import { MapView, fail, lineOf, type Source } from './yaml-reader.ts';

/** The action names a step may use. */
export const ACTIONS = [
  'send',
  'sms',
  'pinCall',
  'call',
  'request',
  'accept',
  'invite',
  'join',
  'replay',
  'pullSim',
  'insertSim',
  'wait',
] as const;

type ActionName = (typeof ACTIONS)[number];

const READERS: Readonly<Record<ActionName, (v: MapView) => StepAction>> = {
  send: (v) => {
    v.allowOnly(['from', 'to', 'amount', 'via']);
    const via = v.choice('via', ['menu', 'storage'] as const) ?? 'menu';
    return {
      kind: 'send',
      from: msisdn(v, 'from'),
      to: msisdn(v, 'to'),
      amount: amount(v, 'amount'),
      via,
    };
  },
  sms: (v) => {
    v.allowOnly(['from', 'text']);
    return { kind: 'sms', from: msisdn(v, 'from'), text: v.requiredString('text', 'the SMS text') };
  },
  pinCall: (v) => {
    v.allowOnly(['to', 'pin']);
    return { kind: 'pinCall', to: msisdn(v, 'to'), pin: pin(v, 'pin') };
  },
  call: (v) => {
    v.allowOnly(['from', 'to', 'amount', 'mode', 'via']);
    const mode = v.choice('mode', ['dtmf', 'fsk'] as const) ?? v.missing('mode');
    const via = v.choice('via', ['modem', 'adaptor'] as const) ?? 'modem';
    if (via === 'adaptor' && mode !== 'dtmf') v.refuse('mode', 'the adaptor sends DTMF only');
    return {
      kind: 'call',
      from: msisdn(v, 'from'),
      to: msisdn(v, 'to'),
      amount: amount(v, 'amount'),
      mode,
      via,
    };
  },
  request: (v) => {
    v.allowOnly(['from', 'to', 'amount']);
    return {
      kind: 'request',
      from: msisdn(v, 'from'),
      to: msisdn(v, 'to'),
      amount: amount(v, 'amount'),
    };
  },
  accept: (v) => {
    v.allowOnly(['by', 'decision']);
    const decision = v.choice('decision', ['accept', 'decline'] as const) ?? 'accept';
    return { kind: 'accept', by: msisdn(v, 'by'), decision };
  },
  invite: (v) => {
    v.allowOnly(['from', 'to', 'amount']);
    return {
      kind: 'invite',
      from: msisdn(v, 'from'),
      to: msisdn(v, 'to'),
      amount: amount(v, 'amount'),
    };
  },
  join: (v) => {
    v.allowOnly(['msisdn', 'bank', 'pin']);
    return {
      kind: 'join',
      msisdn: msisdn(v, 'msisdn'),
      bank: v.requiredString('bank', 'a bank name'),
      pin: pin(v, 'pin'),
    };
  },
  replay: (v) => {
    v.allowOnly(['from', 'index']);
    const index =
      v.has('index') && v.scalar('index') === 'last'
        ? 'last'
        : (v.number('index', 1, 1000, true) ?? 'last');
    return { kind: 'replay', from: msisdn(v, 'from'), index };
  },
  pullSim: (v) => {
    v.allowOnly(['handset']);
    return { kind: 'pullSim', handset: msisdn(v, 'handset') };
  },
  insertSim: (v) => {
    v.allowOnly(['handset']);
    return { kind: 'insertSim', handset: msisdn(v, 'handset') };
  },
  wait: (v) => {
    v.allowOnly(['for']);
    return { kind: 'wait', ms: duration(v, 'for') };
  },
};

/** Reads one step at `path`. */
export function readStep(source: Source, node: Node, path: string): ScenarioStep {
  const step = MapView.of(source, node, path);
  step.allowOnly([...ACTIONS, 'expect', 'note']);
  const present = step
    .keys()
    .filter((k): k is ActionName => (ACTIONS as readonly string[]).includes(k));
  if (present.length === 0) fail(source, node, path, `expected one action (${ACTIONS.join(', ')})`);
  if (present.length > 1)
    fail(
      source,
      step.keyNode(present[1]!),
      step.field(present[1]!),
      `only one action per step (this step also has ${present[0]})`,
    );
  const note = step.has('note') ? step.requiredString('note', 'a note') : undefined;
  const name = present[0]!;
  const action = READERS[name](step.map(name) ?? step.missing(name));
  const expectView = step.map('expect');
  return {
    action,
    expect: expectView ? readExpectation(expectView) : {},
    line: lineOf(source, node),
    ...(note !== undefined ? { note } : {}),
  };
}

const STATUSES = Object.keys(POR_STATUS) as PorStatus[];

function readExpectation(v: MapView): Expectation {
  v.allowOnly(['balances', 'replies', 'smsRefused', 'status']);
  const balances = v.map('balances');
  const smsRefused = v.boolean('smsRefused');
  const status = v.choice('status', STATUSES);
  return {
    ...(balances ? { balances: readBalances(balances) } : {}),
    ...(v.has('replies')
      ? {
          replies: v
            .list('replies')
            .map(({ node, path }) => readReply(MapView.of(v.source, node, path))),
        }
      : {}),
    ...(smsRefused !== undefined ? { smsRefused } : {}),
    ...(status !== undefined ? { status } : {}),
  };
}

function readBalances(v: MapView): ReadonlyMap<string, bigint> {
  const out = new Map<string, bigint>();
  for (const key of v.keys()) {
    if (!/^\+[1-9][0-9]{6,14}$/.test(key))
      fail(
        v.source,
        v.keyNode(key),
        v.field(key),
        'expected an E.164 number in quotes such as "+14085551234"',
      );
    out.set(key, amount(v, key));
  }
  return out;
}

function readReply(v: MapView): ExpectedReply {
  v.allowOnly(['to', 'contains']);
  return {
    to: msisdn(v, 'to'),
    contains: v.requiredString('contains', 'the text the reply contains'),
  };
}
