// The handset actor against a fake SIM, fake network, voice and user, on a simulated clock.
import { describe, expect, it } from 'vitest';
import { SimulatedClock, waitFor } from 'xstate';
import { CardChannel } from '../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../firmware-sim/handset/handset-client.ts';
import {
  memoryCarrier,
  memoryVoice,
  scriptedUser,
  type UserScript,
} from '../../../firmware-sim/handset/ports.ts';
import { textSubmit } from '../../../firmware-sim/handset/at/at-sms-format.ts';
import { toHex } from '../../../protocol/bytes/index.ts';
import {
  decodeTerminalResponse,
  encodeProactiveCommand,
  type ProactiveCommand,
} from '../../../protocol/cat/index.ts';
import { MemoryTraceSink } from '../../../protocol/trace/index.ts';
import { FakeSim, type FakeSimOptions } from './fake-sim.ts';
import { deliverTpdu } from './sms-samples.ts';

function handset(options: FakeSimOptions = {}, script: UserScript = {}) {
  const sim = new FakeSim(options);
  const trace = new MemoryTraceSink(() => 0);
  const carrier = memoryCarrier();
  const voice = memoryVoice();
  const user = scriptedUser(script);
  const clock = new SimulatedClock();
  const ports = { channel: new CardChannel(sim, trace), carrier, voice, user };
  const client = new HandsetClient({ ports, statusInterval: 1000 }, clock);
  const screen: string[] = [];
  client.on('screen.text', (e) => screen.push(e.text));
  return { sim, trace, carrier, voice, user, clock, client, screen };
}

type Handset = ReturnType<typeof handset>;

const idle = (h: Handset) =>
  waitFor(h.client.actor, (s) => s.matches({ ready: 'idle' }) && s.context.pending === undefined);

function queue(h: Handset, ...commands: ProactiveCommand[]): void {
  for (const c of commands) h.sim.proactive.push(encodeProactiveCommand(c));
}

const lastResponse = (h: Handset) => decodeTerminalResponse(h.sim.responses.at(-1)!);

describe('handset start-up', () => {
  it('reads the identity and subscriber files and downloads its profile', async () => {
    const h = handset();
    expect(await h.client.start().settled()).toBe('READY');
    expect(h.client.context.identity?.iccid).toBe('89000101000000000081');
    expect(h.client.context.subscriber?.imsi).toBe('001010123456789');
    expect(h.client.context.subscriber?.serviceCentre).toBe('+01030000000');
    expect(h.sim.profile).toBeDefined();
    expect(h.trace.events[0]?.kind).toBe('atr');
  });

  it('enters the scripted PIN, or waits for one', async () => {
    expect(await handset({ pinEnabled: true }, { pin: '1234' }).client.start().settled()).toBe(
      'READY',
    );
    const waiting = handset({ pinEnabled: true });
    expect(await waiting.client.start().settled()).toBe('SIM PIN');
    expect(await waiting.client.request({ kind: 'listStored', storage: 'SM' })).toEqual({
      ok: false,
      error: 'pinRequired',
    });
  });

  it('blocks the PIN after three wrong ones and unblocks it with the PUK', async () => {
    const h = handset({ pinEnabled: true });
    await h.client.start().settled();
    for (const attempt of [2, 1]) {
      expect(await h.client.request({ kind: 'enterPin', pin: '0000' })).toMatchObject({
        ok: false,
      });
      expect(h.client.context.pinAttempts).toBe(attempt);
    }
    await h.client.request({ kind: 'enterPin', pin: '0000' });
    expect(h.client.pinStatus).toBe('SIM PUK');
    expect(await h.client.request({ kind: 'enterPin', pin: '1234' })).toMatchObject({
      error: 'pukRequired',
    });
    const unblocked = await h.client.request({ kind: 'enterPuk', puk: '12345678', newPin: '4321' });
    expect(unblocked).toEqual({ ok: true });
    await idle(h);
    expect(h.client.pinStatus).toBe('READY');
    expect(h.sim.pin).toBe('4321');
  });
});

describe('proactive polling and commands', () => {
  it('sends STATUS each poll interval of the simulated clock', async () => {
    const h = handset();
    await h.client.start().settled();
    await idle(h);
    const before = h.sim.log.filter((ins) => ins === 'f2').length;
    h.clock.increment(1000);
    await idle(h);
    h.clock.increment(1000);
    await idle(h);
    expect(h.sim.log.filter((ins) => ins === 'f2').length).toBe(before + 2);
  });

  it('shows DISPLAY TEXT and answers GET INPUT from the script', async () => {
    const h = handset({}, { answers: [{ kind: 'text', text: '42' }] });
    queue(
      h,
      {
        type: 'displayText',
        commandNumber: 1,
        highPriority: false,
        waitForUser: false,
        text: { coding: 'gsm8', text: 'Welcome' },
        immediateResponse: false,
      },
      {
        type: 'getInput',
        commandNumber: 2,
        alphabet: false,
        ucs2: false,
        hideInput: false,
        packedResponse: false,
        helpAvailable: false,
        prompt: { coding: 'gsm8', text: 'Amount?' },
        responseLength: { min: 1, max: 5 },
      },
    );
    await h.client.start().settled();
    await idle(h);
    expect(h.screen).toEqual(['Welcome']);
    expect(h.user.questions).toEqual([{ kind: 'input', prompt: 'Amount?', hidden: false }]);
    expect(lastResponse(h).text).toEqual({ coding: 'gsm8', text: '42' });
    expect(lastResponse(h).result.code).toBe(0);
  });

  it('keeps the SET UP MENU items and sends MENU SELECTION when the user picks one', async () => {
    const h = handset();
    queue(h, {
      type: 'setUpMenu',
      commandNumber: 1,
      softKeyPreferred: false,
      helpAvailable: false,
      alpha: 'Pay',
      items: [
        { id: 1, text: 'Send money' },
        { id: 2, text: 'Balance' },
      ],
    });
    await h.client.start().settled();
    await idle(h);
    expect(h.client.context.menu.map((i) => i.text)).toEqual(['Send money', 'Balance']);
    expect(await h.client.request({ kind: 'selectMenuItem', itemId: 2 })).toEqual({ ok: true });
    expect(toHex(h.sim.envelopes.at(-1)!)).toBe('d30782020181900102');
  });

  it('runs SEND SHORT MESSAGE with its own TP-MR after MO SMS control, then calls and DTMF', async () => {
    const h = handset();
    const tpdu = textSubmit('PAY 10', '+4085550100');
    queue(
      h,
      { type: 'sendShortMessage', commandNumber: 1, packingRequired: false, tpdu },
      {
        type: 'setUpCall',
        commandNumber: 2,
        mode: 'ifNotBusy',
        address: { ton: 1, npi: 1, digits: '4085550199' },
      },
      { type: 'sendDtmf', commandNumber: 3, digits: '12#' },
    );
    await h.client.start().settled();
    await idle(h);
    expect(h.sim.envelopes[0]?.[0]).toBe(0xd5);
    expect(h.carrier.sent).toHaveLength(1);
    expect(h.carrier.sent[0]?.serviceCentre).toBe('+01030000000');
    expect(h.voice.actions).toEqual(['dial +4085550199', 'dtmf 12#']);
    expect(h.sim.responses.map((r) => decodeTerminalResponse(r).result.code)).toEqual([0, 0, 0]);
  });
});

describe('REFRESH', () => {
  it('re-reads the subscriber files after an initialisation and restarts after a reset', async () => {
    const h = handset();
    queue(h, { type: 'refresh', commandNumber: 1, mode: 'naaInitialization' });
    await h.client.start().settled();
    await idle(h);
    expect(h.sim.log.filter((ins) => ins === '10')).toHaveLength(2);
    expect(decodeTerminalResponse(h.sim.responses[0]!).result.code).toBe(0);
    queue(h, { type: 'refresh', commandNumber: 2, mode: 'uiccReset' });
    const resets = h.trace.events.filter((e) => e.kind === 'atr').length;
    h.clock.increment(1000);
    await waitFor(
      h.client.actor,
      () => h.trace.events.filter((e) => e.kind === 'atr').length > resets,
    );
    await idle(h);
    expect(h.client.pinStatus).toBe('READY');
  });
});

describe('SMS', () => {
  it('sends a user SMS, numbering TP-MR, unless MO SMS control refuses', async () => {
    const h = handset();
    await h.client.start().settled();
    const tpdu = textSubmit('hello', '+4912345');
    expect(await h.client.request({ kind: 'sendSms', tpdu })).toEqual({
      ok: true,
      messageReference: 0,
    });
    expect(await h.client.request({ kind: 'sendSms', tpdu })).toEqual({
      ok: true,
      messageReference: 1,
    });
    h.sim.moControlResponse = '01';
    expect(await h.client.request({ kind: 'sendSms', tpdu })).toMatchObject({
      error: 'refusedBySim',
    });
    expect(h.carrier.sent.map((s) => s.tpdu[1])).toEqual([0, 1]);
  });

  it('reports a network that refuses the SMS, and a card lost while sending as a fault', async () => {
    const h = handset();
    await h.client.start().settled();
    const tpdu = textSubmit('hello', '+4912345');
    const refusing = { submit: () => Promise.reject(new Error('RP-ERROR 38')) };
    Object.assign(h.carrier, refusing);
    expect(await h.client.request({ kind: 'sendSms', tpdu })).toEqual({
      ok: false,
      error: 'networkFailure',
      detail: 'RP-ERROR 38',
    });
    h.sim.removed = true;
    expect(await h.client.request({ kind: 'sendSms', tpdu })).toMatchObject({
      error: 'simFailure',
    });
    expect(h.client.actor.getSnapshot().value).toEqual({ fault: 'cardRemoved' });
  });

  it('stores an SMS on the SIM and sends it from there (AT+CMGW, AT+CMSS)', async () => {
    const h = handset();
    await h.client.start().settled();
    const sms = {
      status: 2 as const,
      serviceCentre: '+4900',
      tpdu: textSubmit('stored', '+4912345'),
    };
    expect(await h.client.request({ kind: 'storeSms', storage: 'SM', sms })).toEqual({
      ok: true,
      index: 1,
    });
    expect(await h.client.request({ kind: 'sendStored', storage: 'SM', index: 1 })).toMatchObject({
      ok: true,
    });
    expect(h.carrier.sent[0]?.serviceCentre).toBe('+4900');
    const record = h.sim.files.get('3F00/7F10/6F3C')!.records![0]!;
    expect(record[0]).toBe(0x05);
  });

  it('routes received SMS: data download to the SIM, class 2 to EF_SMS, others to the handset', async () => {
    const h = handset();
    const received: string[] = [];
    h.client.on('sms.received', (e) =>
      received.push(`${e.outcome.kind}:${e.storage ?? ''}:${e.index ?? ''}`),
    );
    await h.client.start().settled();
    h.client.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('download', 0x7f, 2) });
    h.client.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('class two', 0, 2) });
    h.client.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('plain', 0, undefined) });
    await waitFor(h.client.actor, () => received.length === 3);
    expect(received).toEqual(['downloaded::', 'storedOnSim:SM:1', 'forHandset:ME:1']);
    expect(h.sim.envelopes[0]?.[0]).toBe(0xd1);
    const listed = await h.client.request({ kind: 'listStored', storage: 'SM' });
    expect(listed.ok && 'list' in listed ? listed.list.map((e) => e.sms.status) : []).toEqual([0]);
  });
});

describe('card faults', () => {
  it('goes to the card-removed state and fails requests until the card is back', async () => {
    const h = handset();
    await h.client.start().settled();
    h.sim.removed = true;
    h.clock.increment(1000);
    await waitFor(h.client.actor, (s) => s.matches('fault'));
    expect(h.client.actor.getSnapshot().value).toEqual({ fault: 'cardRemoved' });
    expect(await h.client.request({ kind: 'listStored', storage: 'SM' })).toMatchObject({
      error: 'simFailure',
    });
    h.sim.removed = false;
    h.client.actor.send({ type: 'card.inserted' });
    expect(await h.client.settled()).toBe('READY');
  });
});
