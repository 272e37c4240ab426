// Loads a scenario file (YAML 1.2 through the `yaml` package): syntax, then every section into the
// typed model, then the cross-references between sections; any refusal is one ScenarioError line.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { RouteFaults, Route } from '../carrier/sms-faults.ts';
import { DEFAULT_SERVER_NUMBER } from '../config/config.ts';
import type { ChannelSettings } from '../carrier/voice-switch.ts';
import { msisdn, pin, amount } from './scenario-fields.ts';
import { readStep } from './scenario-steps.ts';
import type {
  Scenario,
  ScenarioCarrier,
  ScenarioChannel,
  ScenarioHandset,
  ScenarioMember,
} from './scenario-types.ts';
import { checkReferences } from './scenario-references.ts';
import { MapView, ScenarioError, describe, type Source } from './yaml-reader.ts';

const TOP = ['name', 'seed', 'server', 'members', 'handsets', 'channel', 'carrier', 'steps'];
const SHORT_CODE = /^\+?[0-9]{3,15}$/;

/** Reads and checks the scenario in `file`; throws ScenarioError (or the file system's error). */
export function loadScenario(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

/** Parses YAML text; the first syntax error becomes a ScenarioError at its line. */
function parseYaml(text: string, file: string) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    const detail = syntax.message.split(/ at line \d|\n/)[0] ?? syntax.code;
    throw new ScenarioError(file, lines.linePos(syntax.pos[0]).line, 'YAML', detail);
  }
  return { doc, source: { file, lines } satisfies Source };
}

/** Checks scenario text; `file` names it in errors and anchors relative profile paths. */
export function parseScenario(text: string, file: string): Scenario {
  const { doc, source } = parseYaml(text, file);
  const top = MapView.of(source, doc.contents, '');
  top.allowOnly(TOP);
  const server = top.map('server');
  server?.allowOnly(['number', 'ivr']);
  const scenario: Scenario = {
    file,
    name: top.requiredString('name', 'a name'),
    seed: top.number('seed', 0, 0xffffffff, true) ?? 1,
    serverNumber:
      server?.string('number', 'a short code or number in quotes', SHORT_CODE) ??
      DEFAULT_SERVER_NUMBER,
    ivrNumber:
      server?.string('ivr', 'a short code or number in quotes', SHORT_CODE) ?? '+18005550100',
    members: top
      .list('members')
      .map(({ node, path }) => readMember(MapView.of(source, node, path))),
    handsets: top
      .list('handsets')
      .map(({ node, path }) => readHandset(MapView.of(source, node, path), file)),
    channel: readChannel(top.map('channel')),
    carrier: readCarrier(top.map('carrier')),
    steps: top.list('steps').map(({ node, path }) => readStep(source, node, path)),
  };
  if (!top.has('members')) top.missing('members');
  if (!top.has('steps')) top.missing('steps');
  if (scenario.steps.length === 0) top.refuse('steps', 'expected at least one step');
  checkReferences(top, scenario);
  return scenario;
}

function readMember(v: MapView): ScenarioMember {
  v.allowOnly(['msisdn', 'bank', 'balance', 'pin', 'accept', 'plainSms']);
  return {
    msisdn: msisdn(v, 'msisdn'),
    bank: v.requiredString('bank', 'a bank name'),
    balance: amount(v, 'balance'),
    pin: pin(v, 'pin'),
    acceptMode: v.choice('accept', ['auto', 'manual'] as const) ?? 'auto',
    plainSms: v.boolean('plainSms') ?? false,
  };
}

function readHandset(v: MapView, file: string): ScenarioHandset {
  v.allowOnly(['msisdn', 'profile', 'adaptor', 'sim']);
  const profile = resolve(dirname(file), v.requiredString('profile', 'a SIM profile file'));
  if (!existsSync(profile)) v.refuse('profile', `no such file ${profile}`);
  return {
    msisdn: msisdn(v, 'msisdn'),
    profile,
    adaptor: v.boolean('adaptor') ?? true,
    sim: readSim(v),
  };
}

function readSim(v: MapView): ScenarioHandset['sim'] {
  const node = v.get('sim');
  if (node === undefined || (isScalar(node) && node.value === 'virtual'))
    return { kind: 'virtual' };
  if (!isMap(node))
    return v.refuse('sim', `expected virtual or { reader: NAME }, got ${describe(node)}`);
  const reader = new MapView(v.source, node, v.field('sim'));
  reader.allowOnly(['reader']);
  return { kind: 'reader', reader: reader.requiredString('reader', 'a PC/SC reader name') };
}

function readChannelSettings(v: MapView | undefined): ChannelSettings {
  if (!v) return {};
  v.allowOnly([
    'codec',
    'levelDb',
    'twistDb',
    'snrDb',
    'driftPercent',
    'clipLevel',
    'frameLossRate',
  ]);
  const entries = {
    codec: v.choice('codec', ['none', 'mulaw', 'alaw'] as const),
    levelDb: v.number('levelDb', -60, 20),
    twistDb: v.number('twistDb', -20, 20),
    snrDb: v.number('snrDb', -20, 100),
    driftPercent: v.number('driftPercent', -10, 10),
    clipLevel: v.number('clipLevel', 0.01, 1),
    frameLossRate: v.number('frameLossRate', 0, 1),
  };
  return Object.fromEntries(
    Object.entries(entries).filter(([, x]) => x !== undefined),
  ) as ChannelSettings;
}

function readChannel(v: MapView | undefined): ScenarioChannel {
  v?.allowOnly(['uplink', 'downlink']);
  return {
    uplink: readChannelSettings(v?.map('uplink')),
    downlink: readChannelSettings(v?.map('downlink')),
  };
}

function readFaults(v: MapView | undefined): RouteFaults {
  if (!v) return {};
  v.allowOnly(['latencyMs', 'delay', 'maxDelayMs', 'duplicate', 'reorder', 'drop', 'loss']);
  const entries = {
    latencyMs: v.number('latencyMs', 0, 86_400_000),
    maxDelayMs: v.number('maxDelayMs', 0, 86_400_000),
    ...Object.fromEntries(
      ['delay', 'duplicate', 'reorder', 'drop', 'loss'].map((k) => [k, v.number(k, 0, 1)]),
    ),
  };
  return Object.fromEntries(
    Object.entries(entries).filter(([, x]) => x !== undefined),
  ) as RouteFaults;
}

function readCarrier(v: MapView | undefined): ScenarioCarrier {
  if (!v) return { faults: {}, routes: [] };
  v.allowOnly(['faults', 'routes', 'maxAttempts', 'retryIntervalMs']);
  const routes = v.list('routes').map(({ node, path }): Route => {
    const r = MapView.of(v.source, node, path);
    r.allowOnly(['from', 'to', 'faults']);
    const from = r.string('from', 'a number in quotes', SHORT_CODE);
    const to = r.string('to', 'a number in quotes', SHORT_CODE);
    return {
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      faults: readFaults(r.map('faults') ?? r.missing('faults')),
    };
  });
  const maxAttempts = v.number('maxAttempts', 1, 1000, true);
  const retryIntervalMs = v.number('retryIntervalMs', 0, 86_400_000);
  return {
    faults: readFaults(v.map('faults')),
    routes,
    ...(maxAttempts !== undefined ? { maxAttempts } : {}),
    ...(retryIntervalMs !== undefined ? { retryIntervalMs } : {}),
  };
}

export { ScenarioError };
