// TS 23.040 §9.2.2.4 SMS-COMMAND.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes/index.ts';
import {
  CommandType,
  decodeSmsCommand,
  encodeSmsCommand,
} from '../../../protocol/sms/sms-command.ts';
import { expectEveryTruncationRejected, fuzzDecoder } from '../../support/codec-checks.ts';

describe('SMS-COMMAND (TS 23.040 §9.2.2.4)', () => {
  it('decodes a delete-message command', () => {
    // FO 22 (SRR, MTI 10), MR 12, PID 00, CT 02, MN 34, DA +46708251358, CDL 00
    const hex = '221200023' + '40b916407281553f800';
    const tpdu = decodeSmsCommand(fromHex(hex));
    expect(tpdu).toEqual({
      type: 'command',
      headerIndicator: false,
      statusReportRequest: true,
      messageReference: 0x12,
      pid: 0,
      commandType: CommandType.deleteMessage,
      messageNumber: 0x34,
      destination: { ton: 1, npi: 1, value: '46708251358' },
      commandData: new Uint8Array(0),
    });
    expect(toHex(encodeSmsCommand(tpdu))).toBe(hex);
    expectEveryTruncationRejected(fromHex(hex), decodeSmsCommand);
  });

  it('carries command data and limits it to 156 octets', () => {
    const tpdu = { ...decodeSmsCommand(fromHex('4200000000008003aabbcc')) };
    expect(tpdu.headerIndicator).toBe(true);
    expect(toHex(tpdu.commandData)).toBe('aabbcc');
    expect(() => decodeSmsCommand(fromHex('02000000000080' + '9d'))).toThrow(
      expect.objectContaining({ code: 'SMS_BAD_CDL' }),
    );
    expect(() => encodeSmsCommand({ ...tpdu, commandData: new Uint8Array(157) })).toThrow(
      RangeError,
    );
  });

  it('fuzz: only DecodeError', () => fuzzDecoder(decodeSmsCommand, { maxLength: 180 }));
});
