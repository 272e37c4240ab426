// What the handset reads from SIM files and SELECT responses (TS 51.011 §9.2.1, §10.3.2, §10.3.7,
// §10.5.1, §10.5.6, TS 102 221 §13.2), and the T=0 follow-ups of its card channel (§9.4).
import { describe, expect, it } from 'vitest';
import { CardChannel, tpduBytes } from '../../../firmware-sim/handset/card-channel.ts';
import { decodeFileResponse } from '../../../firmware-sim/handset/file-response.ts';
import { readBinary, selectFile, verifyChv1 } from '../../../firmware-sim/handset/gsm-commands.ts';
import {
  decodeAdnNumber,
  decodeIccid,
  decodeImsi,
  decodeSmspServiceCentre,
  sstHasService,
} from '../../../firmware-sim/handset/sim-file-codecs.ts';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../../protocol/iso7816/apdu.ts';
import { MemoryTraceSink } from '../../../protocol/trace/index.ts';
import {
  expectEveryTruncationDecodesOrRejects,
  expectEveryTruncationRejected,
  fuzzDecoder,
} from '../../support/codec-checks.ts';

// Responses from fixtures/apdu/handset-start-up.trace and the virtual SIM's DF_GSM.
const DF_GSM = fromHex(`000000007f20020000000000151100070300838a${'00'.repeat(14)}`);
const EF_ICCID = fromHex('0000000a2fe204000ff04401020000');

describe('SELECT responses (TS 51.011 §9.2.1)', () => {
  it('reads the CHV1 state of a directory and the shape of an EF', () => {
    expect(decodeFileResponse(DF_GSM)).toEqual({
      kind: 'directory',
      chv1Enabled: true,
      chv1Attempts: 3,
      unblockAttempts: 10,
    });
    expect(decodeFileResponse(EF_ICCID)).toEqual({
      kind: 'ef',
      size: 10,
      structure: 'transparent',
      recordLength: 0,
    });
    const smsp = fromHex('000000286f42040011f044010201 28'.replace(/ /g, ''));
    expect(decodeFileResponse(smsp)).toMatchObject({ structure: 'linear-fixed', recordLength: 40 });
  });

  it('rejects every truncation, and random bytes only with DecodeError', () => {
    expectEveryTruncationRejected(DF_GSM.subarray(0, 22), decodeFileResponse);
    expectEveryTruncationRejected(EF_ICCID, decodeFileResponse);
    fuzzDecoder(decodeFileResponse);
  });
});

describe('identity files', () => {
  it('decodes EF_ICCID and EF_IMSI as the start-up trace shows them', () => {
    expect(decodeIccid(fromHex('98001010000000000018'))).toBe('89000101000000000081');
    expect(decodeImsi(fromHex('080910101032547698'))).toBe('001010123456789');
    expect(decodeImsi(fromHex('080110101032547 6f8'.replace(' ', '')))).toBe('00101012345678');
  });

  it('rejects a malformed EF_IMSI and fuzzes every decoder', () => {
    expectEveryTruncationRejected(fromHex('080910101032547698'), decodeImsi);
    for (const decode of [decodeImsi, decodeIccid, decodeAdnNumber, decodeSmspServiceCentre]) {
      fuzzDecoder(decode, { numRuns: 500 });
    }
  });

  it('reads an ADN-format MSISDN record and the SMSP service centre (§10.5.1, §10.5.6)', () => {
    const msisdn = fromHex(`${'ff'.repeat(14)}06910458552143ffffffffffffff`);
    expect(decodeAdnNumber(msisdn)).toBe('+4085551234');
    expect(decodeAdnNumber(fromHex('ff'.repeat(28)))).toBe('');
    const smsp = fromHex(
      '5465737420534d5343ffffffe1ffffffffffffffffffffffff06910458550010ffffffffff0000a7',
    );
    expect(decodeSmspServiceCentre(smsp)).toBe('+4085550001');
    expectEveryTruncationDecodesOrRejects(smsp, decodeSmspServiceCentre);
  });

  it('reads two bits per service of EF_SST (§10.3.7)', () => {
    const sst = fromHex('cf00c30000000c0330030000');
    expect([1, 2, 3, 26, 37, 38].map((n) => sstHasService(sst, n))).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
    ]);
  });
});

class ScriptedLink {
  readonly sent: string[] = [];
  constructor(private readonly answers: ResponseApdu[]) {}
  async reset() {
    return Uint8Array.of(0x3b, 0x00);
  }
  async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    this.sent.push(toHex(tpduBytes(apdu)));
    return this.answers.shift() ?? { data: new Uint8Array(0), sw: 0x6f00 };
  }
}

const r = (hex: string): ResponseApdu => ({
  data: fromHex(hex.slice(0, -4)),
  sw: parseInt(hex.slice(-4), 16),
});

describe('card channel (TS 51.011 §9.4, ISO/IEC 7816-3 §10.3)', () => {
  it('fetches the response after 9F xx and resends with P3 = xx after 6C xx', async () => {
    const link = new ScriptedLink([
      r('9f0f'),
      r(`${toHex(EF_ICCID)}9000`),
      r('6c0a'),
      r('98001010000000000018' + '9000'),
    ]);
    const trace = new MemoryTraceSink(() => 0);
    const channel = new CardChannel(link, trace);
    expect(toHex((await channel.exchange(selectFile(0x2fe2))).data)).toBe(toHex(EF_ICCID));
    expect((await channel.exchange(readBinary(0, 256, 'gsm'))).data).toHaveLength(10);
    expect(link.sent).toEqual(['a0a40000022fe2', 'a0c000000f', 'a0b0000000', 'a0b000000a']);
    expect(trace.events.map((e) => toHex(e.bytes))[0]).toBe('a0a40000022fe29f0f');
  });

  it('remembers a proactive command announced with 91 xx until FETCH', async () => {
    const channel = new CardChannel(new ScriptedLink([r('910b'), r('d0099000')]));
    await channel.exchange(verifyChv1('1234'));
    expect(channel.pendingProactive).toBe(11);
    await channel.exchange({ cla: 0xa0, ins: 0x12, p1: 0, p2: 0, data: new Uint8Array(0), ne: 11 });
    expect(channel.pendingProactive).toBeUndefined();
  });

  it('runs sessions one after the other', async () => {
    const link = new ScriptedLink([r('9000'), r('9000'), r('9000')]);
    const channel = new CardChannel(link);
    const order: string[] = [];
    const first = channel.session(async (card) => {
      await card.exchange(selectFile(0x3f00));
      order.push('first');
    }, 'gsm');
    const second = channel.exchange(selectFile(0x7f20)).then(() => order.push('second'));
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
