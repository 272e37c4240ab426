// The AT interpreter as a table of command lines and the exact bytes a TE sees back
// (ITU-T V.250 §5.7 V1 result framing, TS 27.007, TS 27.005), against a handset with a fake SIM.
import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { AtInterpreter } from '../../../../firmware-sim/handset/at/at-interpreter.ts';
import { CardChannel } from '../../../../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../../../../firmware-sim/handset/handset-client.ts';
import {
  memoryCarrier,
  memoryVoice,
  scriptedUser,
} from '../../../../firmware-sim/handset/ports.ts';
import { FakeSim, type FakeSimOptions } from '../fake-sim.ts';
import { deliverTpdu } from '../sms-samples.ts';

const INFO = { manufacturer: 'simpay', model: 'test', revision: '1', imei: '490154203237518' };

async function modem(options: FakeSimOptions = {}) {
  const sim = new FakeSim(options);
  const carrier = memoryCarrier();
  const voice = memoryVoice();
  const ports = { channel: new CardChannel(sim), carrier, voice, user: scriptedUser() };
  const handset = new HandsetClient({ ports, statusInterval: 1_000_000 }).start();
  await handset.settled();
  let out = '';
  const unknown: string[] = [];
  const at = new AtInterpreter(handset, INFO, {
    write: (t) => (out += t),
    unknown: (c) => unknown.push(c),
  });
  const send = async (text: string): Promise<string> => {
    out = '';
    at.receive(new TextEncoder().encode(text));
    await at.idle();
    await waitFor(
      handset.actor,
      (s) => s.context.queue.length === 0 && !s.matches({ ready: 'working' }),
    );
    await at.idle();
    return out;
  };
  await send('ATE0\r');
  return { sim, carrier, voice, handset, at, send, unknown, output: () => out };
}

const ok = (...lines: string[]) =>
  (lines.length === 0 ? '' : `\r\n${lines.join('\r\n')}\r\n`) + '\r\nOK\r\n';

describe('AT interpreter: identity, network, settings', () => {
  const table: [string, string][] = [
    ['AT', ok()],
    ['ATI', ok('simpay test 1')],
    ['AT+CGMI', ok('simpay')],
    ['AT+CGMM', ok('test')],
    ['AT+CGMR', ok('1')],
    ['AT+CGSN', ok('490154203237518')],
    ['AT+CIMI', ok('001010123456789')],
    ['AT+CCID', ok('+CCID: 89000101000000000081')],
    ['AT+CPIN?', ok('+CPIN: READY')],
    ['AT+CSQ', ok('+CSQ: 20,99')],
    ['AT+CREG?', ok('+CREG: 0,1')],
    ['AT+COPS?', ok('+COPS: 0,2,"00101"')],
    ['AT+CSCS="UCS2";+CSCS?', ok('+CSCS: "UCS2"')],
    ['AT+CSCA?', ok('+CSCA: "+01030000000",145')],
    ['AT+CSCA="+4900";+CSCA?', ok('+CSCA: "+4900",145')],
    ['AT+CMGF?', ok('+CMGF: 0')],
    ['AT+CMGF=1;+CMGF?', ok('+CMGF: 1')],
    ['AT+CPMS?', ok('+CPMS: "SM",0,5,"SM",0,5,"SM",0,5')],
    ['AT+CPMS="ME","ME","ME"', ok('+CPMS: 0,50,0,50,0,50')],
    ['AT+CNMI=2,1,0,0,0;+CNMI?', ok('+CNMI: 2,1,0,0,0')],
    ['AT+CSIM=14,"A0A40000023F00"', ok('+CSIM: 4,"9F16"')],
    ['AT+CRSM=176,28423,0,0,9', ok('+CRSM: 144,0,"080910101032547698"')],
    ['AT+CRSM=176,12258,0,0,10', ok('+CRSM: 144,0,"98001010000000000018"')],
    ['AT+CMEE=1;+CMGR=9', '\r\n+CMS ERROR: 321\r\n'],
    ['AT+CMEE=2;+NOPE', '\r\n+CME ERROR: operation not supported\r\n'],
    ['AT+NOPE', '\r\nERROR\r\n'],
    ['BOGUS', '\r\nERROR\r\n'],
  ];
  it.each(table)('%s', async (line, expected) => {
    const m = await modem();
    expect(JSON.stringify(await m.send(`${line}\r`))).toBe(JSON.stringify(expected));
  });

  it('echoes what it receives after ATE1', async () => {
    const m = await modem();
    expect(await m.send('ATE1\r')).toBe(ok());
    expect(await m.send('AT\r')).toBe(`AT\r${ok()}`);
  });

  it('reports commands it does not know', async () => {
    const m = await modem();
    await m.send('AT+SYNCML=?\r');
    expect(m.unknown).toEqual(['AT+SYNCML=?']);
  });
});

describe('AT interpreter: PIN', () => {
  it('asks for the PIN, refuses SIM commands until it is given, blocks after three wrong ones', async () => {
    const m = await modem({ pinEnabled: true });
    expect(await m.send('AT+CMEE=1;+CPIN?\r')).toBe(ok('+CPIN: SIM PIN'));
    expect(await m.send('AT+CIMI\r')).toBe('\r\n+CME ERROR: 11\r\n');
    expect(await m.send('AT+CPIN="0000"\r')).toBe('\r\n+CME ERROR: 16\r\n');
    await m.send('AT+CPIN="0000"\r');
    await m.send('AT+CPIN="0000"\r');
    expect(await m.send('AT+CPIN?\r')).toBe(ok('+CPIN: SIM PUK'));
    expect(await m.send('AT+CPIN="12345678","1111"\r')).toBe(ok());
    expect(await m.send('AT+CPIN?\r')).toBe(ok('+CPIN: READY'));
  });
});

describe('AT interpreter: SMS', () => {
  it('sends a PDU-mode SMS with the default service centre', async () => {
    const m = await modem();
    expect(await m.send('AT+CMGS=19\r')).toBe('\r\n> ');
    const reply = await m.send('0011000B914021436587F90000A705E8329BFD06\x1a');
    expect(reply).toBe(ok('+CMGS: 0'));
    expect(m.carrier.sent[0]?.serviceCentre).toBe('+01030000000');
  });

  it('rejects a PDU whose length does not match', async () => {
    const m = await modem();
    await m.send('AT+CMEE=1;+CMGS=5\r');
    expect(await m.send('0011000B914021436587F90000A705E8329BFD06\x1a')).toBe(
      '\r\n+CMS ERROR: 304\r\n',
    );
  });

  it('writes, sends from storage, reads, lists and deletes in text mode', async () => {
    const m = await modem();
    await m.send('AT+CMGF=1\r');
    expect(await m.send('AT+CMGW="+4912345"\r')).toBe('\r\n> ');
    expect(await m.send('stored text\x1a')).toBe(ok('+CMGW: 1'));
    expect(await m.send('AT+CMSS=1\r')).toBe(ok('+CMSS: 0'));
    expect(await m.send('AT+CMGR=1\r')).toBe(ok('+CMGR: "STO SENT","+4912345",', 'stored text'));
    expect(await m.send('AT+CMGL="ALL"\r')).toBe(
      ok('+CMGL: 1,"STO SENT","+4912345",', 'stored text'),
    );
    expect(await m.send('AT+CMGD=1\r')).toBe(ok());
    expect(await m.send('AT+CMGL="ALL"\r')).toBe(ok());
  });

  it('indicates a received class 2 SMS with +CMTI and shows it in PDU mode', async () => {
    const m = await modem();
    await m.send('AT+CNMI=2,1,0,0,0\r');
    m.handset.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('hi', 0, 2) });
    await waitFor(m.handset.actor, () => m.output().includes('+CMTI'));
    expect(m.output()).toBe(`${ok()}\r\n+CMTI: "SM",1\r\n`);
    const read = await m.send('AT+CMGR=1\r');
    expect(read).toMatch(/^\r\n\+CMGR: 0,,\d+\r\n03919400/);
    expect(await m.send('AT+CMGL=1\r')).toMatch(/^\r\n\+CMGL: 1,1,,\d+\r\n/);
    m.handset.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('second', 0, 2) });
    await waitFor(m.handset.actor, () => m.output().includes('"SM",2'));
    expect(await m.send('AT+CMGL=0\r')).toMatch(/^\r\n\+CMGL: 2,0,,\d+\r\n/);
    expect(await m.send('AT+CMGL=0\r')).toBe(ok());
  });

  it('dials, sends DTMF and hangs up through the voice port', async () => {
    const m = await modem();
    expect(await m.send('ATD+4912345;\r')).toBe(ok());
    expect(await m.send('AT+VTS=1;+VTS="#"\r')).toBe(ok());
    expect(await m.send('ATH\r')).toBe(ok());
    expect(m.voice.actions).toEqual(['dial +4912345', 'dtmf 1', 'dtmf #', 'hang up']);
  });
});
