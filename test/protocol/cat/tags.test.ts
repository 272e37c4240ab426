// Names for traces: TS 102 223 §9.1 BER-TLV tags, §9.3 COMPREHENSION-TLV tags, §9.4 command types.
import { describe, expect, it } from 'vitest';
import {
  BerTag,
  CommandType,
  Tag,
  berTagName,
  commandTypeName,
  deviceName,
  eventName,
  tagName,
} from '../../../protocol/cat/tags.ts';

describe('CAT tag names', () => {
  it('names templates, objects and commands', () => {
    expect(berTagName(BerTag.smsPpDownload)).toBe('SMS-PP DOWNLOAD');
    expect(berTagName(0xd5)).toBe('MO SHORT MESSAGE CONTROL');
    expect(berTagName(0xee)).toBe('BER-TLV EE');
    expect(tagName(0x8b)).toBe('SMS TPDU');
    expect(tagName(Tag.textString)).toBe('text string');
    expect(tagName(0x99)).toBe('event list');
    expect(tagName(0x7e)).toBe('tag 7E');
    expect(commandTypeName(CommandType.sendShortMessage)).toBe('SEND SHORT MESSAGE');
    expect(commandTypeName(0x21)).toBe('DISPLAY TEXT');
    expect(commandTypeName(0x99)).toBe('command 99');
    expect(eventName(0)).toBe('MT call');
    expect(eventName(5)).toBe('idle screen available');
    expect(deviceName(0x81)).toBe('UICC');
    expect(deviceName(0x83)).toBe('network');
    expect(deviceName(0x22)).toBe('channel 2');
  });

  it('has distinct values in every table', () => {
    for (const table of [BerTag, Tag, CommandType]) {
      expect(new Set(Object.values(table)).size).toBe(Object.keys(table).length);
    }
  });
});
