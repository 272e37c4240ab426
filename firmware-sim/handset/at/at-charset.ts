// TE character sets of TS 27.007 §5.5 +CSCS for string parameters: GSM and IRA taken as they
// are, UCS2 as hex of 16-bit units, HEX as hex octets.
import { DecodeError } from '../../../protocol/bytes/index.ts';

/** The character sets this modem offers. */
export const CHARSETS = ['GSM', 'IRA', 'UCS2', 'HEX'] as const;

/** A string from the TE into text. DecodeError `AT_BAD_STRING` for malformed hex. */
export function fromTe(value: string, charset: string): string {
  if (charset !== 'UCS2' && charset !== 'HEX') return value;
  const width = charset === 'UCS2' ? 4 : 2;
  if (!/^[0-9a-f]*$/i.test(value) || value.length % width !== 0) {
    throw new DecodeError('AT_BAD_STRING', 0, `not ${charset} hex`);
  }
  let out = '';
  for (let i = 0; i < value.length; i += width) {
    out += String.fromCharCode(parseInt(value.slice(i, i + width), 16));
  }
  return out;
}

/** Text into the TE's character set. */
export function toTe(text: string, charset: string): string {
  if (charset !== 'UCS2' && charset !== 'HEX') return text;
  const width = charset === 'UCS2' ? 4 : 2;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += (text.charCodeAt(i) & (width === 4 ? 0xffff : 0xff))
      .toString(16)
      .toUpperCase()
      .padStart(width, '0');
  }
  return out;
}
