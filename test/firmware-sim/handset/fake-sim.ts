// A small GSM SIM for handset tests (TS 51.011 §9): a few files, CHV1 with counters, TERMINAL
// PROFILE, STATUS, FETCH of queued proactive commands, ENVELOPE and TERMINAL RESPONSE logs.
import type { CardLink } from '../../../firmware-sim/card-link.ts';
import { TransportError } from '../../../firmware-sim/transport-error.ts';
import { fromHex } from '../../../protocol/bytes/index.ts';
import type { CommandApdu, ResponseApdu } from '../../../protocol/iso7816/apdu.ts';

interface Ef {
  readonly records?: Uint8Array[];
  data?: Uint8Array;
  readonly recordLength?: number;
}

const ok = (data: Uint8Array = new Uint8Array(0)): ResponseApdu => ({ data, sw: 0x9000 });
const sw = (value: number): ResponseApdu => ({ data: new Uint8Array(0), sw: value });

export interface FakeSimOptions {
  pin?: string;
  pinEnabled?: boolean;
  puk?: string;
  sst?: string;
  smsRecords?: number;
  /** Answer to MO SMS control (hex), or '' for 90 00 alone. */
  moControlResponse?: string;
}

export class FakeSim implements CardLink {
  readonly files = new Map<string, Ef>();
  readonly proactive: Uint8Array[] = [];
  readonly envelopes: Uint8Array[] = [];
  readonly responses: Uint8Array[] = [];
  readonly log: string[] = [];
  profile: Uint8Array | undefined;
  removed = false;
  pinAttempts = 3;
  pukAttempts = 10;
  private current = '3F00';
  private dir = '3F00';
  private getResponse: Uint8Array | undefined;
  private verified = false;
  pin: string;
  readonly puk: string;
  readonly pinEnabled: boolean;
  moControlResponse: string;

  constructor(options: FakeSimOptions = {}) {
    this.pin = options.pin ?? '1234';
    this.puk = options.puk ?? '12345678';
    this.pinEnabled = options.pinEnabled ?? false;
    this.moControlResponse = options.moControlResponse ?? '';
    const smsRecords = Array.from({ length: options.smsRecords ?? 5 }, () => {
      const r = new Uint8Array(176).fill(0xff);
      r[0] = 0;
      return r;
    });
    this.files.set('3F00/2FE2', { data: fromHex('98001010000000000018') });
    this.files.set('3F00/7F20/6F07', { data: fromHex('080910101032547698') });
    this.files.set('3F00/7F20/6F38', { data: fromHex(options.sst ?? 'ffffffffffffffffffff') });
    const msisdn = fromHex('ffffffffffffffffffffffffffff' + '07911030101010f0ffffffffffffff');
    this.files.set('3F00/7F10/6F40', { records: [msisdn.subarray(0, 28)], recordLength: 28 });
    const smsp = fromHex(
      'ffffffffffffffffffffffff' + 'fd' + 'ff'.repeat(12) + '07911030000000f0ffffffff' + '0000a7',
    );
    this.files.set('3F00/7F10/6F42', { records: [smsp.subarray(0, 40)], recordLength: 40 });
    this.files.set('3F00/7F10/6F3C', { records: smsRecords, recordLength: 176 });
  }

  async reset(): Promise<Uint8Array> {
    if (this.removed) throw new TransportError('PCSC_CARD_REMOVED', 'card removed');
    this.current = '3F00';
    this.dir = '3F00';
    this.verified = false;
    return fromHex('3b939600803 1e0'.replace(/ /g, ''));
  }

  async transmit(apdu: CommandApdu): Promise<ResponseApdu> {
    if (this.removed) throw new TransportError('PCSC_CARD_REMOVED', 'card removed');
    this.log.push(apdu.ins.toString(16).padStart(2, '0'));
    const response = this.handle(apdu);
    return response;
  }

  private pinOk(): boolean {
    return !this.pinEnabled || this.verified;
  }

  private handle(a: CommandApdu): ResponseApdu {
    switch (a.ins) {
      case 0xa4:
        return this.select(
          ((a.data[0]! << 8) | a.data[1]!).toString(16).toUpperCase().padStart(4, '0'),
        );
      case 0xc0:
        return this.getResponse === undefined ? sw(0x6f00) : ok(this.getResponse.slice(0, a.ne));
      case 0xb0: {
        const ef = this.files.get(this.current);
        if (ef?.data === undefined) return sw(0x9400);
        if (this.current !== '3F00/2FE2' && !this.pinOk()) return sw(0x9804);
        return ok(ef.data.slice(0, a.ne));
      }
      case 0xb2: {
        const record = this.files.get(this.current)?.records?.[a.p1 - 1];
        if (!this.pinOk()) return sw(0x9804);
        return record === undefined ? sw(0x9402) : ok(record.slice());
      }
      case 0xdc: {
        const records = this.files.get(this.current)?.records;
        if (records === undefined || records[a.p1 - 1] === undefined) return sw(0x9402);
        records[a.p1 - 1] = a.data.slice();
        return sw(0x9000);
      }
      case 0x20:
        return this.verify(a.data);
      case 0x2c:
        return this.unblock(a.data);
      case 0x10:
        this.profile = a.data.slice();
        return this.pendingOr(0x9000);
      case 0xf2:
        return this.pendingOr(0x9000);
      case 0x12: {
        const command = this.proactive.shift();
        return command === undefined ? sw(0x6f00) : ok(command);
      }
      case 0x14:
        this.responses.push(a.data.slice());
        return this.pendingOr(0x9000);
      case 0xc2:
        return this.envelope(a.data);
      default:
        return sw(0x6d00);
    }
  }

  private pendingOr(value: number): ResponseApdu {
    const next = this.proactive[0];
    return next === undefined ? sw(value) : sw(0x9100 | next.length);
  }

  private select(fid: string): ResponseApdu {
    const path = fid === '3F00' ? '3F00' : `${this.dir}/${fid}`;
    if (fid === '7F20' || fid === '7F10' || fid === '3F00') {
      this.dir = fid === '3F00' ? '3F00' : `3F00/${fid}`;
      this.current = this.dir;
      const r = new Uint8Array(22);
      r[6] = fid === '3F00' ? 1 : 2;
      r[13] = this.pinEnabled ? 0x00 : 0x80;
      r[18] = 0x80 | this.pinAttempts;
      r[19] = 0x80 | this.pukAttempts;
      this.getResponse = r;
      return sw(0x9f16);
    }
    const ef = this.files.get(path);
    if (ef === undefined) return sw(0x9404);
    this.current = path;
    const r = new Uint8Array(15);
    const size = ef.data?.length ?? (ef.records?.length ?? 0) * (ef.recordLength ?? 0);
    r[2] = size >> 8;
    r[3] = size & 0xff;
    r[6] = 4;
    r[13] = ef.records === undefined ? 0 : 1;
    r[14] = ef.recordLength ?? 0;
    this.getResponse = r;
    return sw(0x9f0f);
  }

  private verify(data: Uint8Array): ResponseApdu {
    if (this.pinAttempts === 0) return sw(0x9840);
    const given = String.fromCharCode(...data.filter((b) => b !== 0xff));
    if (given === this.pin) {
      this.pinAttempts = 3;
      this.verified = true;
      return sw(0x9000);
    }
    this.pinAttempts--;
    return sw(this.pinAttempts === 0 ? 0x9840 : 0x9804);
  }

  private unblock(data: Uint8Array): ResponseApdu {
    const text = (bytes: Uint8Array) => String.fromCharCode(...bytes.filter((b) => b !== 0xff));
    if (this.pukAttempts === 0) return sw(0x9840);
    if (text(data.subarray(0, 8)) !== this.puk) {
      this.pukAttempts--;
      return sw(this.pukAttempts === 0 ? 0x9840 : 0x9804);
    }
    this.pin = text(data.subarray(8));
    this.pinAttempts = 3;
    this.verified = true;
    return sw(0x9000);
  }

  private envelope(data: Uint8Array): ResponseApdu {
    this.envelopes.push(data.slice());
    if (data[0] === 0xd5 && this.moControlResponse !== '') {
      this.getResponse = fromHex(this.moControlResponse);
      return sw(0x9f00 | this.getResponse.length);
    }
    return this.pendingOr(0x9000);
  }
}
