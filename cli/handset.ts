// `simpay handset`: the emulated handset with a virtual SIM from a profile or the card in a PC/SC
// reader, either exposed as an AT modem on a pseudo-terminal (for gammu, minicom, scripts) or
// sending one SMS and exiting.
import { jsonLineCarrier, jsonLineVoice } from '../bridge/carrier-port/json-line-ports.ts';
import { startAtModem } from '../bridge/serial/at-modem.ts';
import { PtyError } from '../bridge/serial/pty-pair.ts';
import { openPcapTraceSink } from '../bridge/trace/pcap-writer.ts';
import { TraceFileError } from '../bridge/trace/trace-file-error.ts';
import { textSubmit } from '../firmware-sim/handset/at/at-sms-format.ts';
import { AtUserPort } from '../firmware-sim/handset/at/at-user.ts';
import { CardChannel } from '../firmware-sim/handset/card-channel.ts';
import { HandsetClient } from '../firmware-sim/handset/handset-client.ts';
import type { Profile } from '../firmware-sim/virtual-sim/index.ts';
import { CliError, UsageError, parseOptions, type CliIo, type Command } from './command.ts';
import * as viaAdaptor from './handset-adaptor.ts';
import { openCard, type OpenedCard } from './handset-card.ts';
import { followCard } from './handset-reader.ts';

const help = `Usage: simpay handset --at-pty PATH --profile FILE [--pin PIN] [--save] [--no-adaptor]
                      [--adaptor-state FILE] [--adaptor-settings FILE] [--pcap FILE]
                      [--trace-secrets] [--byte-level]
       simpay handset --profile FILE --send TEXT [--to NUMBER] [--pin PIN] [--sim-pin PIN] [--save]
                      [--no-adaptor] [--adaptor-state FILE] [--adaptor-settings FILE]
                      [--pcap FILE] [--trace-secrets] [--byte-level]
       simpay handset --reader NAME (--at-pty PATH | --send TEXT [--to NUMBER]) [--pin PIN]
                      [--sim-pin PIN] [--no-adaptor] [--adaptor-state FILE]
                      [--adaptor-settings FILE] [--pcap FILE] [--trace-secrets]

Runs an emulated handset with the virtual SIM a profile describes, or with the card in a PC/SC
reader (--reader, through pcscd; see simpay readers): SIM start-up, PIN, toolkit
polling and proactive commands, SMS sending and receiving. With --at-pty it serves AT commands
(TS 27.007 / TS 27.005) on a pseudo-terminal until interrupted, so that tools such as gammu can
use it as a modem; the SIM's questions (GET INPUT, SELECT ITEM) are announced with +STIN, shown
by AT+STGI and answered with AT+STGR; AT+STMS? lists the SIM menu and AT+STMS=ID selects an item.
With --send it sends one SMS as the user would and exits.

No carrier is connected: every SMS leaving the handset, and every call action, is printed on
standard output as one JSON line (TPDU hex and decoded fields).

The SIM adaptor sits between handset and SIM unless --no-adaptor is given; its settings and
counters live in --adaptor-state (default: PROFILE.adaptor.json, or READER-NAME.adaptor.json in
the current directory with --reader; mode 0600, started from --adaptor-settings or
fixtures/adaptor/test-adaptor.json). With the adaptor, a --send text
starting with PAY, REQUEST, BALANCE or HISTORY is entered through the adaptor's menu as a user
would ("PAY 20 4085551212 lunch": amount, number, message) and --pin answers its PIN prompt:
only the secured SMS reaches the server. Give the SIM's own PIN with --sim-pin when it differs.

Options:
  --at-pty PATH     make a pty pair (socat) and link PATH to the end the user's tool opens
  --profile FILE    virtual SIM profile (JSON, e.g. fixtures/sim-profiles/test-sim.json)
  --reader NAME     the card in this PC/SC reader instead (full name, or a unique part of it);
                    a pulled card or a stopped pcscd fails the command in flight at once, or
                    the next STATUS poll (every 30 s when idle); the card back in the reader
                    (pcscd back too) powers the handset on again, and a card fault with the
                    card still in the reader is tried again once after a second
  --send TEXT       send TEXT as one SMS and exit
  --to NUMBER       destination of --send (default: the first number in the profile's phonebook)
  --pin PIN         PIN entered at power-on (otherwise AT+CPIN, or --send fails)
  --save            write the SIM state (PIN counters, stored SMS) back to the profile on exit
  --sim-pin PIN     PIN the SIM asks at power-on when it is not --pin
  --no-adaptor      talk to the SIM directly, without the SIM adaptor
  --adaptor-state FILE     adaptor settings and counters (default PROFILE.adaptor.json)
  --adaptor-settings FILE  settings of a new adaptor (default fixtures/adaptor/test-adaptor.json)
  --pcap FILE       trace every ATR and APDU as GSMTAP SIM packets (tshark -r FILE -V)
  --trace-secrets   keep PIN values in the trace (masked by default)
  --byte-level      reach the SIM over its ISO/IEC 7816-3 line: ATR, PPS, then T=0 bytes

Examples:
  simpay handset --at-pty /tmp/modem --profile fixtures/sim-profiles/test-sim.json --pin 1234
  gammu -c gammurc identify          # gammurc: connection = at, device = /tmp/modem
  simpay handset --profile fixtures/sim-profiles/sim-2g.json --send "BAL" --to +4085550100 --no-adaptor
  simpay handset --profile sim.json --send "PAY 20 4085551212 lunch" --pin 8642 --sim-pin 1234
  simpay handset --reader "Virtual PCD 00 00" --send "PAY 20 4085551212 lunch" --pin 8642 --sim-pin 1234
`;

const options = {
  'at-pty': { type: 'string' },
  profile: { type: 'string' },
  reader: { type: 'string' },
  send: { type: 'string' },
  to: { type: 'string' },
  pin: { type: 'string' },
  save: { type: 'boolean' },
  'no-adaptor': { type: 'boolean' },
  'adaptor-state': { type: 'string' },
  'adaptor-settings': { type: 'string' },
  'sim-pin': { type: 'string' },
  pcap: { type: 'string' },
  'trace-secrets': { type: 'boolean' },
  'byte-level': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseOptions<typeof options>>['values'];

function checkOptions(values: Values): void {
  if ((values.profile === undefined) === (values.reader === undefined))
    throw new UsageError('give either --profile FILE or --reader NAME');
  if ((values['at-pty'] === undefined) === (values.send === undefined))
    throw new UsageError('give either --at-pty PATH or --send TEXT');
  if (values.to !== undefined && values.send === undefined)
    throw new UsageError('--to goes with --send');
  if (values.pin !== undefined && !/^\d{4,8}$/.test(values.pin))
    throw new UsageError('--pin must be 4 to 8 digits');
  if (values['sim-pin'] !== undefined && !/^\d{4,8}$/.test(values['sim-pin']))
    throw new UsageError('--sim-pin must be 4 to 8 digits');
  if (values.reader !== undefined && values.save === true)
    throw new UsageError('--save goes with --profile: a card in a reader keeps its own state');
  if (values.reader !== undefined && values['byte-level'] === true)
    throw new UsageError("--byte-level goes with --profile: pcscd drives the reader's line");
}

export const handsetCommand: Command = {
  name: 'handset',
  summary:
    'emulated handset with a virtual SIM or a PC/SC card: AT modem on a pty, or send one SMS',
  help,
  async run(argv, io) {
    const { values } = parseOptions(argv, options, false);
    checkOptions(values);
    const menu =
      values['no-adaptor'] === true || values.send === undefined
        ? undefined
        : viaAdaptor.menuRequest(values.send, values.pin);
    const plainSend = values.send !== undefined && menu === undefined;
    if (values.reader !== undefined && plainSend && values.to === undefined) firstNumber(undefined);
    const sim = await openCard(values);
    try {
      return await runHandset(values, sim, menu, io);
    } finally {
      await sim.close();
    }
  },
};

async function runHandset(
  values: Values,
  sim: OpenedCard,
  menu: viaAdaptor.MenuRequest | undefined,
  io: CliIo,
): Promise<number> {
  const adaptor =
    values['no-adaptor'] === true
      ? undefined
      : await viaAdaptor.openHandsetAdaptor(sim.link, {
          statePath: sim.statePath,
          settingsPath: values['adaptor-settings'],
        });
  const simPin = values['sim-pin'] ?? values.pin;
  const trace =
    values.pcap === undefined
      ? undefined
      : await cliStep(async () =>
          openPcapTraceSink(values.pcap!, { maskSecrets: values['trace-secrets'] !== true }),
        );
  const writeLine = (line: string) => io.stdout(`${line}\n`);
  const ptyPath = values['at-pty'];
  const atUser = ptyPath === undefined ? undefined : new AtUserPort(simPin);
  const server = adaptor?.settings.serverNumber ?? '';
  const carrier = viaAdaptor.countingCarrier(jsonLineCarrier(writeLine), server);
  const handset = new HandsetClient({
    ports: {
      channel: new CardChannel(adaptor?.link ?? sim.link, trace?.sink),
      carrier,
      voice: jsonLineVoice(writeLine),
      user: atUser ?? viaAdaptor.menuUser(simPin, menu?.answers ?? []),
    },
  });
  handset.on('screen.text', (event) => io.stderr(`screen: ${event.text}\n`));
  const log = (line: string) => io.stderr(`${line}\n`);
  const follower =
    sim.reader === undefined ? undefined : followCard(sim.reader, handset, adaptor?.adaptor, log);
  try {
    handset.start();
    const status = await handset.settled();
    if (atUser !== undefined) return await serve(ptyPath!, handset, atUser, status, io);
    const to = values.to ?? (menu === undefined ? firstNumber(sim.profile) : server);
    const message = { text: values.send!, to };
    const pay = menu === undefined ? undefined : { menu, carrier };
    return await sendOne(handset, status, simPin !== undefined, message, io, pay);
  } finally {
    await follower?.stop();
    handset.stop();
    adaptor?.stop();
    trace?.close();
  }
}

function firstNumber(profile: Profile | undefined): string {
  if (profile === undefined)
    throw new UsageError('give --to NUMBER: a card in a reader has no profile');
  const number = profile.adn[0]?.number;
  if (number === undefined) throw new UsageError('the SIM phonebook is empty: give --to NUMBER');
  return number;
}

async function serve(
  path: string,
  handset: HandsetClient,
  user: AtUserPort,
  status: string,
  io: CliIo,
): Promise<number> {
  const modem = await cliStep(() => startAtModem({ path, handset, user }));
  const iccid = handset.context.identity?.iccid ?? 'none';
  io.stderr(`AT modem on ${path} (ICCID ${iccid}, ${status}); Ctrl+C stops\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await modem.close();
  return 0;
}

async function sendOne(
  handset: HandsetClient,
  status: string,
  pinGiven: boolean,
  message: { readonly text: string; readonly to: string },
  io: CliIo,
  pay?: { menu: viaAdaptor.MenuRequest; carrier: { toServer(): number } },
): Promise<number> {
  const { text, to } = message;
  const attempts = handset.context.pinAttempts;
  if (status === 'SIM PIN' && !pinGiven)
    throw new CliError('the SIM asks for its PIN: give --pin PIN');
  if (status === 'SIM PIN')
    throw new CliError(`the SIM refused the PIN (${attempts} attempts left)`);
  if (status === 'SIM PUK')
    throw new CliError('the PIN is blocked: unblock it with AT+CPIN="PUK","NEW PIN"');
  if (status !== 'READY') {
    const reason = handset.context.faultReason;
    throw new CliError(`the SIM is not usable (${status}${reason === '' ? '' : `: ${reason}`})`);
  }
  if (pay !== undefined) return viaAdaptor.payThroughMenu(handset, pay.menu, pay.carrier, io);
  let tpdu: Uint8Array;
  try {
    tpdu = textSubmit(text, to);
  } catch (error) {
    throw new UsageError(
      `cannot send '${text}' to '${to}': ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = await handset.request({ kind: 'sendSms', tpdu });
  if (!result.ok)
    throw new CliError(
      `the SMS was not sent: ${result.error}${result.detail === undefined ? '' : ` (${result.detail})`}`,
    );
  io.stderr(`sent to ${to}\n`);
  return 0;
}

/** Runs a trace file or pty step, turning its one-line errors into CliError. */
async function cliStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof TraceFileError || error instanceof PtyError) {
      throw new CliError(error.message);
    }
    throw error;
  }
}
