// `simpay demo`: the whole payment path end to end with embedded defaults: the demo scenario
// (fixtures/scenarios/demo.yaml, found next to this module) on a temporary SQLite ledger, the
// in-process carrier and virtual SIMs, ending with balances, settlement and the money check.
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../server/scenario/scenario-loader.ts';
import { MAX_DEMO_HANDSETS, withCrowd } from '../server/scenario/demo-crowd.ts';
import { intOption, parseOptions, type Command } from './command.ts';
import { runAndReport } from './scenario.ts';

/** The demo scenario shipped with simpay. */
export const DEMO_SCENARIO = fileURLToPath(
  new URL('../fixtures/scenarios/demo.yaml', import.meta.url),
);
const CROWD_PROFILE = fileURLToPath(
  new URL('../fixtures/sim-profiles/test-sim.json', import.meta.url),
);
const DEMO_HANDSETS = 20;

const help = `Usage: simpay demo [--handsets N] [--db FILE] [--json] [--pcap FILE] [--wav DIR]

Runs the payment server, emulated handsets with virtual SIMs and SIM adaptors, the simulated
carrier and the voice modem in one process, and a scenario that shows every payment path:
secured SMS through the adaptor menu, send-from-storage interception, plain SMS with the PIN by
DTMF call-back, payment by voice call (DTMF and FSK), request-pay with manual accept, a
non-member invited and claiming, a replayed SMS refused, and a SIM pulled and put back.
It ends with balances, the settlement report and a check that no money was created or lost.
Nothing is needed beyond simpay itself: time is simulated, the ledger is a temporary SQLite file.

The scenario is ${DEMO_SCENARIO}: copy it to write your own and run it with
'simpay scenario FILE'. Exits 0 when every step went as the scenario expects, 1 otherwise.

Options:
  --handsets N   number of emulated handsets, ${DEMO_HANDSETS} to ${MAX_DEMO_HANDSETS} (default ${DEMO_HANDSETS}); the ones
                 beyond the scenario's own each pay the next one through the adaptor menu
  --db FILE      SQLite ledger file, kept after the run (default: a temporary file)
  --json         print the report as JSON
  --pcap FILE    write every handset's APDU trace as GSMTAP SIM packets (PINs masked)
  --wav DIR      write the audio of every call, both directions, as 16-bit WAV files

Examples:
  simpay demo
  simpay demo --json > report.json
  simpay demo --pcap /tmp/demo.pcap --wav /tmp/calls && tshark -r /tmp/demo.pcap | head
`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the whole payment path end to end with embedded defaults',
  help,
  async run(argv, io) {
    const { values } = parseOptions(
      argv,
      {
        handsets: { type: 'string' },
        db: { type: 'string' },
        json: { type: 'boolean' },
        pcap: { type: 'string' },
        wav: { type: 'string' },
      },
      false,
    );
    const total = intOption(
      values.handsets,
      'handsets',
      DEMO_HANDSETS,
      DEMO_HANDSETS,
      MAX_DEMO_HANDSETS,
    );
    const scenario = withCrowd(loadScenario(DEMO_SCENARIO), total, CROWD_PROFILE);
    return runAndReport(scenario, values, io);
  },
};
