// The subcommands of `simpay`, loaded only when used so that start-up stays fast and an
// optional native dependency (PC/SC) is never loaded by commands that do not need it.
import type { Command } from './command.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

export const commands: readonly CommandEntry[] = [
  { name: 'sim', summary: 'serve the virtual SIM as a PC/SC card through pcscd + vpcd', load: async () => (await import('./sim.ts')).simCommand }, // prettier-ignore
  { name: 'readers', summary: 'list PC/SC readers, card presence and ATR', load: async () => (await import('./readers.ts')).readersCommand }, // prettier-ignore
  {
    name: 'bench',
    summary: 'benchmarks (dtmf, ...): speed and accuracy figures',
    load: async () => (await import('./bench.ts')).benchCommand,
  },
  {
    name: 'demo',
    summary: 'run the whole payment path end to end with embedded defaults',
    load: async () => (await import('./demo.ts')).demoCommand,
  },
  { name: 'scenario', summary: 'run a YAML scenario (payments, faults, expectations) in simulated time', load: async () => (await import('./scenario.ts')).scenarioCommand }, // prettier-ignore
  {
    name: 'ota',
    summary: 'wrap or unwrap TS 102 225 secured command and response packets',
    load: async () => (await import('./ota.ts')).otaCommand,
  },
  {
    name: 'dtmf',
    summary: 'write DTMF digits as audio (WAV or raw PCM) and decode them back',
    load: async () => (await import('./dtmf.ts')).dtmfCommand,
  },
  { name: 'handset', summary: 'emulated handset with a virtual SIM: AT modem on a pty, or send one SMS', load: async () => (await import('./handset.ts')).handsetCommand }, // prettier-ignore
  {
    name: 'trace',
    summary: 'convert APDU traces to GSMTAP SIM pcap files and list pcap SIM traces',
    load: async () => (await import('./trace.ts')).traceCommand,
  },
  {
    name: 'voice',
    summary: 'voice-channel requests as DTMF/FSK audio',
    load: async () => (await import('./voice.ts')).voiceCommand,
  },
  {
    name: 'sms',
    summary: 'decode SMS TPDUs to JSON and encode them back (TS 23.040)',
    load: async () => (await import('./sms.ts')).smsCommand,
  },
  {
    name: 'server',
    summary: 'run the WebSocket payment server (ledger, members, payments)',
    load: async () => (await import('./server.ts')).serverCommand,
  },
];
