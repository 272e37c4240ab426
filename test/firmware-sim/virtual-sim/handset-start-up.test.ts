// A UICC handset's start-up over the CardLink port, as TS 102 221 §14 and TS 31.102 §5.1.1
// describe it: ATR, MF, EF_DIR, USIM by AID, TERMINAL CAPABILITY, PIN, EF_IMSI / EF_AD / EF_UST by
// SFI, TERMINAL PROFILE and the card's own proactive command.
import { describe, expect, it } from 'vitest';
import { decodeSwappedBcd, toHex } from '../../../protocol/bytes/index.ts';
import { commandApdu, type ResponseApdu } from '../../../protocol/iso7816/apdu.ts';
import { decodeBerTlv, decodeBerTlvSequence } from '../../../protocol/tlv/index.ts';
import { decodeProactiveCommand } from '../../../protocol/cat/proactive-command.ts';
import { decodeTerminalResponse } from '../../../protocol/cat/terminal-response.ts';
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { virtualSimLink } from '../../../firmware-sim/virtual-sim/virtual-sim-link.ts';
import { codeBlock } from '../../../firmware-sim/virtual-sim/secret-codes.ts';
import { fixtureSim } from './sim-driver.ts';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/** Sends a command and follows 61xx with GET RESPONSE, as a handset's T=0 driver does. */
async function exchange(
  link: CardLink,
  cla: number,
  ins: number,
  p1: number,
  p2: number,
  data?: Uint8Array,
  ne?: number,
): Promise<ResponseApdu> {
  const first = await link.transmit(commandApdu(cla, ins, p1, p2, data, ne));
  if (first.sw >> 8 !== 0x61) return first;
  return link.transmit(commandApdu(0x00, 0xc0, 0x00, 0x00, undefined, first.sw & 0xff || 256));
}

describe('UICC handset start-up', () => {
  it('reaches the IMSI and the first proactive command', async () => {
    const link = virtualSimLink(fixtureSim('test-sim'));
    expect(toHex(await link.reset())).toBe('3b9396801fc78031e00c');
    const mf = await exchange(link, 0x00, 0xa4, 0x00, 0x04, bytes(0x3f, 0x00));
    expect(decodeBerTlv(mf.data).tag).toBe(0x62);
    const dirFcp = await exchange(link, 0x00, 0xa4, 0x00, 0x04, bytes(0x2f, 0x00));
    const descriptor = decodeBerTlvSequence(decodeBerTlv(dirFcp.data).value).find(
      (t) => t.tag === 0x82,
    );
    const recordLength = descriptor!.value[3]!;
    const dir = await link.transmit(commandApdu(0x00, 0xb2, 0x01, 0x04, undefined, recordLength));
    const template = decodeBerTlv(dir.data.subarray(0, 2 + dir.data[1]!));
    const aid = decodeBerTlvSequence(template.value).find((t) => t.tag === 0x4f)!.value;
    expect(toHex(aid)).toBe('a0000000871002ffffffff8900000100');
    expect((await exchange(link, 0x00, 0xa4, 0x04, 0x04, aid)).sw).toBe(0x9000);
    expect(
      (
        await link.transmit(
          commandApdu(0x80, 0xaa, 0x00, 0x00, bytes(0xa9, 0x03, 0x83, 0x01, 0x00)),
        )
      ).sw,
    ).toBe(0x9000);
    expect((await link.transmit(commandApdu(0x00, 0x20, 0x00, 0x01))).sw).toBe(0x63c3);
    expect((await link.transmit(commandApdu(0x00, 0x20, 0x00, 0x01, codeBlock('1234')))).sw).toBe(
      0x9000,
    );

    const imsi = await link.transmit(commandApdu(0x00, 0xb0, 0x87, 0x00, undefined, 9));
    expect(decodeSwappedBcd(imsi.data.subarray(1, 1 + imsi.data[0]!)).slice(1)).toBe(
      '001010000000001',
    );
    const ad = await link.transmit(commandApdu(0x00, 0xb0, 0x83, 0x00, undefined, 4));
    expect(ad.data[3]).toBe(2);
    const ust = await link.transmit(commandApdu(0x00, 0xb0, 0x84, 0x00, undefined, 8));
    const service = (n: number): boolean => ((ust.data[(n - 1) >> 3]! >> ((n - 1) & 7)) & 1) === 1;
    expect([28, 31].map(service)).toEqual([true, true]);

    const profile = await link.transmit(
      commandApdu(0x80, 0x10, 0x00, 0x00, bytes(0xff, 0xff, 0xff, 0xff)),
    );
    expect(profile.sw >> 8).toBe(0x91);
    const fetched = await link.transmit(
      commandApdu(0x80, 0x12, 0x00, 0x00, undefined, profile.sw & 0xff),
    );
    const command = decodeProactiveCommand(fetched.data);
    expect(command.type).toBe('displayText');
    const tr = bytes(0x81, 0x03, 0x01, 0x21, 0x80, 0x82, 0x02, 0x82, 0x81, 0x83, 0x01, 0x00);
    expect(decodeTerminalResponse(tr).result.code).toBe(0);
    expect((await link.transmit(commandApdu(0x80, 0x14, 0x00, 0x00, tr))).sw).toBe(0x9000);
    expect((await link.transmit(commandApdu(0x80, 0xf2, 0x00, 0x0c))).sw).toBe(0x9000);
  });
});
