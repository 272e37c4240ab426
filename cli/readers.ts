// `simpay readers`: the PC/SC readers pcscd knows, whether a card is in each, and its ATR
// (ISO/IEC 7816-3 §8), as text or JSON.
import { toSpacedHex, toHex } from '../protocol/bytes/index.ts';
import { PcscContext } from '../bridge/pcsc/pcsc-context.ts';
import { TransportError } from '../firmware-sim/transport-error.ts';
import { CliError, intOption, parseOptions, type Command } from './command.ts';

const help = `Usage: simpay readers [--json] [--wait MS]

Lists the PC/SC readers known to pcscd, card presence and each card's ATR.
Needs a running pcscd and the optional @pokusew/pcsclite module.

Options:
  --json      print a JSON array: [{ "name", "card", "atr", "mute", "inUse" }]
  --wait MS   how long to wait for pcscd to report readers and cards (100-30000, default 2000)

Example:
  simpay readers
  Virtual PCD 00 00  card   3B 93 96 80 1F C7 80 31 E0 0C
  Virtual PCD 00 01  empty
`;

export const readersCommand: Command = {
  name: 'readers',
  summary: 'list PC/SC readers, card presence and ATR',
  help,
  async run(argv, io) {
    const { values } = parseOptions(
      argv,
      { json: { type: 'boolean' }, wait: { type: 'string' } },
      false,
    );
    const waitMs = intOption(values.wait, 'wait', 2000, 100, 30_000);
    let context: PcscContext;
    try {
      context = await PcscContext.open();
    } catch (error) {
      if (error instanceof TransportError) throw new CliError(error.message);
      throw error;
    }
    try {
      const readers = await context.settledReaders(waitMs);
      if (values.json) {
        const rows = readers.map((r) => ({
          name: r.name,
          card: r.present,
          atr: r.atr === undefined ? null : toHex(r.atr),
          mute: r.mute,
          inUse: r.inUse,
        }));
        io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
      } else if (readers.length === 0) {
        io.stdout('no PC/SC readers\n');
      } else {
        const width = Math.max(...readers.map((r) => r.name.length));
        for (const r of readers) {
          const card = r.present ? (r.mute ? 'mute ' : 'card ') : 'empty';
          const atr = r.present && r.atr !== undefined ? `  ${toSpacedHex(r.atr)}` : '';
          io.stdout(`${r.name.padEnd(width)}  ${card}${atr}\n`.replace(/ +\n$/, '\n'));
        }
      }
      return 0;
    } catch (error) {
      if (error instanceof TransportError) throw new CliError(error.message);
      throw error;
    } finally {
      await context.close();
    }
  },
};
