// The SIM's questions at the AT interface: +STIN announces GET INPUT / SELECT ITEM, AT+STGI shows
// them, AT+STGR answers (TS 102 223 §6.4.3, §6.4.9); AT+STMS lists and picks SET UP MENU items.
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from 'xstate';
import { AtInterpreter } from '../../../../firmware-sim/handset/at/at-interpreter.ts';
import { AtUserPort } from '../../../../firmware-sim/handset/at/at-user.ts';
import { CardChannel } from '../../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../../firmware-sim/handset/handset-client.ts';
import { memoryCarrier, memoryVoice } from '../../../../firmware-sim/handset/ports.ts';
import {
  decodeTerminalResponse,
  encodeProactiveCommand,
  type ProactiveCommand,
} from '../../../../protocol/cat/index.ts';
import { FakeSim } from '../fake-sim.ts';

/** Lets promise work run until `condition` holds (bounded: no timers involved). */
async function until(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !condition(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

const INFO = { manufacturer: 'simpay', model: 'test', revision: '1', imei: '490154203237518' };

const getInput: ProactiveCommand = {
  type: 'getInput',
  commandNumber: 1,
  alphabet: true,
  ucs2: false,
  hideInput: true,
  packedResponse: false,
  helpAvailable: false,
  prompt: { coding: 'gsm8', text: 'PIN?' },
  responseLength: { min: 4, max: 4 },
};
const selectItem: ProactiveCommand = {
  type: 'selectItem',
  commandNumber: 2,
  presentation: 'unspecified',
  softKeyPreferred: false,
  helpAvailable: false,
  alpha: 'Account',
  items: [
    { id: 7, text: 'Savings' },
    { id: 9, text: 'Current' },
  ],
};
const setUpMenu: ProactiveCommand = {
  type: 'setUpMenu',
  commandNumber: 3,
  softKeyPreferred: false,
  helpAvailable: false,
  alpha: 'Pay',
  items: [{ id: 1, text: 'Send' }],
};

async function modem(commands: ProactiveCommand[]) {
  const sim = new FakeSim();
  for (const c of commands) sim.proactive.push(encodeProactiveCommand(c));
  const user = new AtUserPort();
  const clock = new SimulatedClock();
  const ports = {
    channel: new CardChannel(sim),
    carrier: memoryCarrier(),
    voice: memoryVoice(),
    user,
  };
  const handset = new HandsetClient({ ports, userResponseTimeout: 5000 }, clock).start();
  let out = '';
  const at = new AtInterpreter(handset, INFO, { write: (t) => (out += t) }, { user });
  const send = async (line: string): Promise<string> => {
    out = '';
    at.receive(new TextEncoder().encode(`${line}\r`));
    await at.idle();
    return out;
  };
  await send('ATE0');
  return { sim, user, clock, handset, send, output: () => out };
}

describe('toolkit questions at the AT interface', () => {
  it('announces GET INPUT, shows it and sends the typed answer back to the SIM', async () => {
    const m = await modem([getInput, selectItem]);
    await until(() => m.user.question !== undefined);
    expect(m.output()).toContain('\r\n+STIN: "input"\r\n');
    expect(await m.send('AT+STGI')).toBe('\r\n+STGI: "input","PIN?",1\r\n\r\nOK\r\n');
    expect(await m.send('AT+STGR="4321"')).toBe('\r\nOK\r\n');
    await until(() => m.user.question?.kind === 'select');
    expect(await m.send('AT+STGI')).toBe(
      '\r\n+STGI: "select","Account"\r\n+STGI: 1,"Savings"\r\n+STGI: 2,"Current"\r\n\r\nOK\r\n',
    );
    expect(await m.send('AT+STGR=3')).toBe('\r\nERROR\r\n');
    expect(await m.send('AT+STGR=2')).toBe('\r\nOK\r\n');
    await until(() => m.sim.responses.length === 2);
    const [input, item] = m.sim.responses.map(decodeTerminalResponse);
    expect(input?.text).toEqual({ coding: 'gsm8', text: '4321' });
    expect(item?.itemIdentifier).toBe(9);
  });

  it('answers "no response from user" when nobody answers in time', async () => {
    const m = await modem([getInput]);
    await until(() => m.user.question !== undefined);
    m.clock.increment(5000);
    await until(() => m.sim.responses.length === 1);
    expect(decodeTerminalResponse(m.sim.responses[0]!).result.code).toBe(0x12);
  });

  it('lists the SIM menu and selects an item with MENU SELECTION', async () => {
    const m = await modem([setUpMenu]);
    await until(
      () =>
        m.handset.context.menu.length === 1 &&
        m.handset.actor.getSnapshot().matches({ ready: 'idle' }),
    );
    expect(await m.send('AT+STMS?')).toBe('\r\n+STMS: 1,"Send"\r\n\r\nOK\r\n');
    expect(await m.send('AT+STMS=1')).toBe('\r\nOK\r\n');
    expect(m.sim.envelopes.at(-1)?.[0]).toBe(0xd3);
    expect(await m.send('AT+STGR')).toBe('\r\nERROR\r\n');
  });
});
