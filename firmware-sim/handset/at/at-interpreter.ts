// The AT command interpreter of the emulated handset (ITU-T V.250 §5 command lines and result
// codes with V1 framing, TS 27.007, TS 27.005): bytes in, echo, responses and unsolicited
// +CMTI/+CMT out. Lines are handled one at a time; the DCE stays pure, the shell moves bytes.
import { DecodeError } from '../../../protocol/bytes/index.ts';
import type { HandsetClient } from '../handset-client.ts';
import type { HandsetEmitted } from '../handset-machine.ts';
import { parseCommandLine, type AtCommand } from './at-command-line.ts';
import { Cme, cme, errorLine } from './at-errors.ts';
import { generalCommands } from './at-general-commands.ts';
import { AtInput } from './at-input.ts';
import { pduOf } from './at-sms-format.ts';
import { smsCommands } from './at-sms-commands.ts';
import { toolkitCommands } from './at-toolkit-commands.ts';
import type { AtUserPort } from './at-user.ts';
import {
  defaultSettings,
  type AtHandler,
  type AtModemInfo,
  type AtReply,
  type AtSession,
} from './at-session.ts';

/** Where the interpreter writes, and where it reports commands it does not know. */
export interface AtOutput {
  write(text: string): void;
  unknown?(command: string): void;
}

/** Options of the interpreter: the user port that answers the SIM's questions at this interface. */
export interface AtInterpreterOptions {
  readonly user?: AtUserPort;
}

const framed = (line: string): string => `\r\n${line}\r\n`;
/** Information text of one command: its lines between one leading and one trailing CR LF. */
const information = (lines: readonly string[] | undefined): string =>
  lines === undefined || lines.length === 0 ? '' : framed(lines.join('\r\n'));

/** One AT session on one serial line. */
export class AtInterpreter {
  private readonly input = new AtInput();
  private readonly session: AtSession;
  private work: Promise<void> = Promise.resolve();
  private entry: ((text: string) => Promise<AtReply>) | undefined;
  private readonly unsubscribe: () => void;
  private readonly handlers: Readonly<Record<string, AtHandler>>;

  constructor(
    handset: HandsetClient,
    info: AtModemInfo,
    private readonly output: AtOutput,
    options: AtInterpreterOptions = {},
  ) {
    this.session = { handset, info, settings: defaultSettings() };
    this.handlers = { ...generalCommands, ...smsCommands, ...toolkitCommands(options.user) };
    const off = handset.on('sms.received', (event) => this.indicate(event));
    options.user?.onQuestion((question) => this.output.write(framed(`+STIN: "${question.kind}"`)));
    this.unsubscribe = () => {
      off();
      options.user?.onQuestion(undefined);
    };
  }

  /** Feeds bytes from the TE. */
  receive(bytes: Uint8Array): void {
    if (this.session.settings.echo) this.output.write(String.fromCharCode(...bytes));
    for (const event of this.input.push(bytes)) {
      this.work = this.work.then(() => {
        if (event.kind === 'line') return this.line(event.text);
        return this.message(event.kind === 'message' ? event.text : undefined);
      });
    }
  }

  /** Resolves once every line received so far has been answered. */
  idle(): Promise<void> {
    return this.work;
  }

  close(): void {
    this.unsubscribe();
  }

  private async line(text: string): Promise<void> {
    let commands: AtCommand[];
    try {
      commands = parseCommandLine(text);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.output.write(framed('ERROR'));
      return;
    }
    let out = '';
    for (const command of commands) {
      const reply = await this.run(command);
      out += information(reply.lines);
      if (reply.error !== undefined) {
        this.output.write(out + framed(errorLine(reply.error, this.session.settings.cmee)));
        return;
      }
      if (reply.entry !== undefined) {
        this.entry = reply.entry;
        this.input.startMessage();
        this.output.write(`${out}\r\n> `);
        return;
      }
    }
    this.output.write(out + framed('OK'));
  }

  private async run(command: AtCommand): Promise<AtReply> {
    const handler = this.handlers[command.name];
    if (handler === undefined) {
      this.output.unknown?.(
        `AT${command.name}${command.form === 'read' ? '?' : command.form === 'test' ? '=?' : command.value === '' ? '' : `=${command.value}`}`,
      );
      return { error: cme(Cme.operationNotSupported) };
    }
    return handler(command, this.session);
  }

  private async message(text: string | undefined): Promise<void> {
    const entry = this.entry;
    this.entry = undefined;
    if (entry === undefined || text === undefined) {
      if (text === undefined) this.output.write(framed('OK'));
      return;
    }
    const reply = await entry(text);
    const out = information(reply.lines);
    const final =
      reply.error === undefined ? 'OK' : errorLine(reply.error, this.session.settings.cmee);
    this.output.write(out + framed(final));
  }

  /** TS 27.005 §3.4.1: +CMTI for a stored message (mt 1), +CMT with the PDU for mt 2. */
  private indicate(event: Extract<HandsetEmitted, { type: 'sms.received' }>): void {
    const mt = this.session.settings.cnmi[1];
    if (mt === 0 || event.storage === undefined || event.index === undefined) return;
    if (mt === 2 && event.sms !== undefined && !this.session.settings.textMode) {
      const pdu = pduOf(event.sms);
      this.output.write(`\r\n+CMT: ,${pdu.length}\r\n${pdu.hex}\r\n`);
      return;
    }
    this.output.write(framed(`+CMTI: "${event.storage}",${event.index}`));
  }
}
