// Card Application Toolkit on the virtual SIM: TERMINAL PROFILE stored (TS 102 221 §11.2.1), the
// proactive queue announced by 91xx, FETCH and TERMINAL RESPONSE (§11.2.3-§11.2.4, §14.6.1), and
// ENVELOPE (§11.2.2) for SMS-PP data download (TS 31.111 §7.1.1) and MO SM control (§7.3.2).
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import { decodeProactiveCommand } from '../../../protocol/cat/proactive-command.ts';
import { decodeEfSmsRecord } from '../../../protocol/sms/ef-sms-record.ts';
import { fixtureProfile, fixtureSim, pinHex, send } from './sim-driver.ts';

const DISPLAY_TEXT = 'd0148103012180820281028d0904546573742053494d';
const RESPONSE_OK = '810301218082028281830100';
/** SMS-DELIVER from +4085551212, PID 7F, DCS F6, three octets of data (TS 23.040 §9.2.2.1). */
const DELIVER = '040a910458552121' + '7ff6' + '62113231540000' + '03010203';
const hexLength = (hex: string): string => (hex.length / 2).toString(16).padStart(2, '0');
const SMS_PP_BODY = '82028381' + '860691045855' + '0010' + `8b${hexLength(DELIVER)}${DELIVER}`;
const SMS_PP = `d1${hexLength(SMS_PP_BODY)}${SMS_PP_BODY}`;
const envelopeOf = (data: string): string => `80c20000${hexLength(data)}${data}`;

describe('proactive commands', () => {
  it('stays silent before TERMINAL PROFILE, then announces 91xx after every 9000', () => {
    const sim = fixtureSim('test-sim');
    expect(send(sim, '80f2000c')).toBe('9000');
    expect(send(sim, '801000000301ff07')).toBe('9116');
    expect(
      toHex(
        sim.snapshot().terminalProfile === undefined
          ? new Uint8Array(0)
          : fromHex(sim.snapshot().terminalProfile!),
      ),
    ).toBe('01ff07');
    expect(send(sim, '80f2000c')).toBe('9116');
    expect(send(sim, '00a40004023f00')).toBe('6122');
    expect(send(sim, '00c0000022').slice(-4)).toBe('9116');
  });

  it('FETCH returns the command, TERMINAL RESPONSE clears it, the next one follows', () => {
    const sim = fixtureSim('test-sim');
    const second = 'd00e8103021300820281838b0301000a';
    expect(send(sim, '8010000001ff')).toBe('9116');
    sim.queueProactiveCommand(fromHex(second));
    expect(send(sim, '8012000010')).toBe('6c16');
    expect(send(sim, '8012000016')).toBe(`${DISPLAY_TEXT} 9000`);
    expect(decodeProactiveCommand(fromHex(DISPLAY_TEXT)).type).toBe('displayText');
    expect(send(sim, '80f2000c')).toBe('9000');
    expect(send(sim, `801400000c${RESPONSE_OK}`)).toBe('9110');
    expect(send(sim, '8012000010')).toBe(`${second} 9000`);
    expect(send(sim, '801400000c810302130082028281830100')).toBe('9000');
    expect(send(sim, '8012000010')).toBe('6985');
  });

  it('refuses a TERMINAL RESPONSE with nothing fetched or malformed data', () => {
    const sim = fixtureSim('test-sim');
    expect(send(sim, `801400000c${RESPONSE_OK}`)).toBe('6985');
    send(sim, '8010000001ff');
    send(sim, '8012000016');
    expect(send(sim, '8014000002ffff')).toBe('6a80');
  });

  it('works in the GSM class with the same queue (TS 51.011 §9.2.19-§9.2.22)', () => {
    const sim = fixtureSim('test-sim');
    expect(send(sim, 'a010000001ff')).toBe('9116');
    expect(send(sim, 'a012000016')).toBe(`${DISPLAY_TEXT} 9000`);
    expect(send(sim, `a01400000c${RESPONSE_OK}`)).toBe('9000');
  });

  it('clears the proactive session on reset', () => {
    const sim = fixtureSim('test-sim');
    send(sim, '8010000001ff');
    sim.reset();
    expect(send(sim, '80f2000c')).toBe('9000');
    expect(send(sim, '8012000016')).toBe('6985');
  });
});

describe('ENVELOPE', () => {
  it('acknowledges an SMS-PP download and stores it in the first free EF_SMS record', () => {
    const sim = fixtureSim('test-sim');
    expect(send(sim, envelopeOf(SMS_PP))).toBe('9000');
    send(sim, `0020000108${pinHex('1234')}`);
    send(sim, '00a4080c047f106f3c');
    const [record] = send(sim, '00b20104b0').split(' ');
    const decoded = decodeEfSmsRecord(fromHex(record!));
    expect(decoded.kind === 'used' && decoded.status).toBe(0x03);
    expect(record!.slice(0, 2 + 14 + DELIVER.length)).toBe(`0306910458550010${DELIVER}`);
  });

  it('does not store when the profile says so; a full EF_SMS gives 6A84 and sets EF_SMSS', () => {
    const quiet = fixtureSim('test-sim', { storeSmsPpDownload: false });
    expect(send(quiet, envelopeOf(SMS_PP))).toBe('9000');
    expect(
      quiet
        .snapshot()
        .files?.find((f) => f.path === '3F00/7F10/6F3C')
        ?.records?.[0]?.slice(0, 2),
    ).toBe('00');
    const full = fixtureSim('test-sim', { smsRecords: 1 });
    expect(send(full, envelopeOf(SMS_PP))).toBe('9000');
    expect(send(full, envelopeOf(SMS_PP))).toBe('6a84');
    const smss = full.snapshot().files?.find((f) => f.path === '3F00/7F10/6F43');
    expect(smss?.data).toBe('00fe');
  });

  it('allows MO short messages (9000 without data) and acknowledges menu selection', () => {
    const sim = fixtureSim('test-sim');
    const moControl =
      'd51d82028281' + '8606910458550010' + '8606910458552121' + '930700f110fffe0001';
    expect(send(sim, envelopeOf(moControl))).toBe('9000');
    expect(send(sim, '80c2000009d30782020181900101')).toBe('9000');
  });

  it('answers 6F00 to a tag that is no envelope, 6A80 to a malformed one', () => {
    const sim = fixtureSim('test-sim');
    expect(send(sim, '80c2000003d00100')).toBe('6f00');
    expect(send(sim, '80c2000003d10182')).toBe('6a80');
    expect(send(sim, 'a0c2000003d10182')).toBe('6f00');
  });
});

describe('fixture profiles', () => {
  it('carry only proactive commands that decode', () => {
    for (const hex of fixtureProfile('test-sim').proactiveCommands ?? []) {
      expect(() => decodeProactiveCommand(fromHex(hex))).not.toThrow();
    }
  });
});
