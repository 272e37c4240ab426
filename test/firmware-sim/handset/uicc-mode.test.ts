// The handset against the real virtual SIM: UICC mode (TS 102 221, TS 31.102) with the test-sim
// profile, GSM class A0 (TS 51.011) with the 2G profile and after a 6E 00 to the UICC probe,
// PIN verification and unblocking in both, and toolkit commands and SMS in UICC mode.
import { describe, expect, it } from 'vitest';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { virtualSimLink } from '../../../firmware-sim/virtual-sim/virtual-sim-link.ts';
import { textSubmit } from '../../../firmware-sim/handset/at/at-sms-format.ts';
import { fixtureSim } from '../virtual-sim/sim-driver.ts';
import { commands, handsetOn, idle, statusWords, type RealHandset } from './real-sim-support.ts';
import { deliverTpdu } from './sms-samples.ts';

const pinEnabled2g = { pin1: { value: '0000', retriesLeft: 3, enabled: true } };

/** CLA bytes of the commands sent after the first `from`. */
const classes = (h: RealHandset, from = 0) =>
  new Set(
    commands(h)
      .slice(from)
      .map((c) => c.slice(0, 2)),
  );

/** Headers (CLA INS P1 P2) of the commands, in order. */
const headers = (h: RealHandset) => commands(h).map((c) => c.slice(0, 8));

describe('UICC mode start-up (TS 102 221 §14.1, TS 31.102 §5.1.1)', () => {
  it('probes with SELECT MF (FCP), finds the USIM in EF_DIR and reads the subscriber', async () => {
    const h = handsetOn(fixtureSim('test-sim'), { pin: '1234' });
    expect(await h.client.start().settled()).toBe('READY');
    expect(h.client.context.mode).toBe('uicc');
    expect(h.client.context.identity?.iccid).toBe('89001010000000000034');
    expect(h.client.context.subscriber).toEqual({
      imsi: '001010000000001',
      msisdn: '+4085551234',
      serviceCentre: '+4085550001',
      smsRecords: 10,
      smsPpDownload: true,
      moSmsControl: true,
    });
    const sent = commands(h);
    expect(sent.slice(0, 2)).toEqual(['00a40004023f00', '00c0000022']);
    expect(sent).toContain('00a40804022fe2');
    expect(sent).toContain('00a40804022f00');
    expect(sent).toContain('00a4040410a0000000871002ffffffff8900000100');
    expect(sent).toContain('0020000100');
    expect(sent).toContain('002c000100');
    expect(sent).toContain('002000010831323334ffffffff');
    for (const fid of ['6f07', '6f38', '6f40', '6f42', '6f3c']) {
      expect(sent).toContain(`00a40804047fff${fid}`);
    }
    const order = ['00a40004023f00', '00a40804022fe2', '00a40804022f00', '00a4040410a0'];
    order.push('0020000100', '002000010831323334', '00a40804047fff6f07', '8010');
    const firsts = order.map((start) => sent.findIndex((c) => c.startsWith(start)));
    expect(firsts).not.toContain(-1);
    expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
    expect(classes(h)).toEqual(new Set(['00', '80']));
    for (const sw of statusWords(h)) expect(sw).toMatch(/^(9000|61..|63c.|91..)$/);
  });

  it('fetches the card proactive command with CLA 80 and polls with STATUS P2 0C', async () => {
    const h = handsetOn(fixtureSim('test-sim'), { pin: '1234' });
    await h.client.start().settled();
    await idle(h);
    expect(h.screen).toEqual(['Test SIM']);
    expect(headers(h)).toContain('80120000');
    expect(commands(h).find((c) => c.startsWith('80140000'))).toMatch(/^80140000..810301218082/);
    const before = commands(h).length;
    h.clock.increment(1000);
    await idle(h);
    expect(commands(h).slice(before)).toEqual(['80f2000c00']);
  });

  it('asks the card for its PIN state without data and treats 63 Cx as attempts left', async () => {
    const h = handsetOn(fixtureSim('test-sim'));
    expect(await h.client.start().settled()).toBe('SIM PIN');
    expect(h.client.context.pinAttempts).toBe(3);
    expect(h.client.context.pukAttempts).toBe(10);
    expect(await h.client.request({ kind: 'enterPin', pin: '9999' })).toMatchObject({ ok: false });
    expect(h.client.context.pinAttempts).toBe(2);
    expect(await h.client.request({ kind: 'enterPin', pin: '1234' })).toEqual({ ok: true });
    await idle(h);
    expect(h.client.pinStatus).toBe('READY');
  });

  it('blocks PIN1 after three wrong ones and unblocks it with UNBLOCK PIN P2 01', async () => {
    const h = handsetOn(fixtureSim('test-sim'));
    await h.client.start().settled();
    for (let i = 0; i < 3; i++) await h.client.request({ kind: 'enterPin', pin: '0000' });
    expect(h.client.pinStatus).toBe('SIM PUK');
    const wrong = await h.client.request({ kind: 'enterPuk', puk: '00000000', newPin: '4321' });
    expect(wrong).toMatchObject({ ok: false });
    expect(h.client.context.pukAttempts).toBe(9);
    const right = await h.client.request({ kind: 'enterPuk', puk: '12345678', newPin: '4321' });
    expect(right).toEqual({ ok: true });
    expect(headers(h)).toContain('002c0001');
    await idle(h);
    expect(h.client.pinStatus).toBe('READY');
  });

  it('starts at once on a UICC whose PIN is disabled', async () => {
    const sim = fixtureSim('test-sim', { pin1: { value: '1234', retriesLeft: 3, enabled: false } });
    const h = handsetOn(sim);
    expect(await h.client.start().settled()).toBe('READY');
    expect(commands(h).filter((c) => c.startsWith('00200001') && c.length > 10)).toEqual([]);
  });
});

describe('toolkit and SMS in UICC mode', () => {
  it('sends an SMS through MO SMS control and stores a class 2 SMS in EF_SMS of the USIM', async () => {
    const h = handsetOn(fixtureSim('test-sim'), { pin: '1234' });
    await h.client.start().settled();
    await idle(h);
    const sent = await h.client.request({ kind: 'sendSms', tpdu: textSubmit('hi', '+4912345') });
    expect(sent).toMatchObject({ ok: true });
    expect(h.carrier.sent).toHaveLength(1);
    expect(headers(h)).toContain('80c20000');
    h.client.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('class two', 0, 2) });
    await idle(h);
    const stored = await h.client.request({ kind: 'listStored', storage: 'SM' });
    expect(stored).toMatchObject({ ok: true });
    expect(headers(h)).toContain('00dc0104');
    expect(classes(h)).toEqual(new Set(['00', '80']));
  });

  it('hands an SMS-PP data download (PID 7F) to the USIM in an ENVELOPE with CLA 80', async () => {
    const h = handsetOn(fixtureSim('test-sim'), { pin: '1234' });
    await h.client.start().settled();
    await idle(h);
    const before = commands(h).length;
    h.client.deliver({ serviceCentre: '+4900', tpdu: deliverTpdu('download', 0x7f, 2) });
    await idle(h);
    expect(commands(h).slice(before)[0]).toMatch(/^80c20000..d1/);
  });
});

describe('GSM mode', () => {
  it('uses class A0 only with the 2G profile, whose ATR has no T=15 bytes', async () => {
    const h = handsetOn(fixtureSim('sim-2g'));
    expect(await h.client.start().settled()).toBe('READY');
    expect(h.client.context.mode).toBe('gsm');
    expect(h.client.context.subscriber?.imsi).toBe('001010123456789');
    expect(commands(h)[0]).toBe('a0a40000023f00');
    expect(classes(h)).toEqual(new Set(['a0']));
    await idle(h);
    h.clock.increment(1000);
    await idle(h);
    expect(commands(h).at(-1)).toBe('a0f2000016');
  });

  it('verifies and unblocks CHV1 on the 2G profile', async () => {
    const h = handsetOn(fixtureSim('sim-2g', pinEnabled2g));
    expect(await h.client.start().settled()).toBe('SIM PIN');
    for (let i = 0; i < 3; i++) await h.client.request({ kind: 'enterPin', pin: '1111' });
    expect(h.client.pinStatus).toBe('SIM PUK');
    const right = await h.client.request({ kind: 'enterPuk', puk: '87654321', newPin: '2222' });
    expect(right).toEqual({ ok: true });
    expect(headers(h)).toContain('a02c0000');
    await idle(h);
    expect(h.client.pinStatus).toBe('READY');
    expect(classes(h)).toEqual(new Set(['a0']));
  });

  it.each([
    ['6E 00', 0x6e00],
    ['6D 00', 0x6d00],
  ])(
    'falls back to class A0 when a UICC ATR is followed by %s to the probe',
    async (_name, refusal) => {
      const inner = virtualSimLink(fixtureSim('test-sim'));
      const gsmOnly: CardLink = {
        reset: () => inner.reset(),
        transmit: async (apdu) =>
          apdu.cla === 0xa0 ? inner.transmit(apdu) : { data: new Uint8Array(0), sw: refusal },
      };
      const h = handsetOn(gsmOnly, { pin: '1234' });
      expect(await h.client.start().settled()).toBe('READY');
      expect(h.client.context.mode).toBe('gsm');
      expect(commands(h).slice(0, 3)).toEqual(['00a40004023f00', 'a0a40000023f00', 'a0c0000022']);
      expect(classes(h, 1)).toEqual(new Set(['a0']));
    },
  );
});
