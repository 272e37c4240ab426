// The scenario report as text tables for a terminal: each handset's SIM, the steps with their
// outcome, the members' balances, the partner banks' settlement positions, the money check and the carrier's counters.
import { basename } from 'node:path';
import type { ScenarioReport } from './scenario-report-types.ts';
import { formatDuration } from './step-describe.ts';

/** Lays out rows under a header, each column as wide as its widest cell. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function stepLines(report: ScenarioReport): string[] {
  const width = String(report.steps.length).length;
  return report.steps.flatMap((s) => [
    `${String(s.index).padStart(width)}  ${s.passed ? 'ok  ' : 'FAIL'}  line ${s.line}  ${s.action}`,
    ...(s.note !== undefined ? [`${' '.repeat(width + 8)}(${s.note})`] : []),
    ...s.notes.map((n) => `${' '.repeat(width + 8)}${n}`),
    ...s.failures.map((f) => `${' '.repeat(width + 8)}FAILED: ${f}`),
  ]);
}

/** Handsets named one by one in the SIM table, before the rest are counted. */
const NAMED_HANDSETS = 3;

/**
 * Which SIM the handsets used: one row per kind of SIM (the card in a reader, each reader apart,
 * or a profile's virtual SIM), profile and adaptor, naming its handsets or the first few of them.
 */
function simLines(report: ScenarioReport): string[] {
  const groups = new Map<string, { cells: string[]; numbers: string[] }>();
  for (const s of report.sims) {
    const sim = s.kind === 'reader' ? `card in reader '${s.reader ?? ''}'` : 'virtual SIM';
    const cells = [sim, basename(s.profile), s.adaptor ? 'yes' : 'no'];
    const key = JSON.stringify([...cells, s.profile]);
    const group = groups.get(key) ?? { cells, numbers: [] };
    group.numbers.push(s.msisdn);
    groups.set(key, group);
  }
  const rows = [...groups.values()].map(({ cells, numbers }) => {
    const named = numbers.slice(
      0,
      numbers.length > NAMED_HANDSETS ? NAMED_HANDSETS - 1 : undefined,
    );
    const more = numbers.length - named.length;
    return [...cells, more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ')];
  });
  return table(['SIM', 'profile', 'adaptor', 'handsets'], rows);
}

/** Net positions and float dividends of the partner banks, one row per bank. */
function settlementLines(report: ScenarioReport): string[] {
  const { pool, balanced, float, positions, dividends } = report.settlement;
  const period = formatDuration(Number(float.to) - Number(float.from));
  const verdict = balanced ? 'balanced' : 'NOT BALANCED';
  const rows = positions.map((p) => {
    const d = dividends.find((x) => x.bank === p.bank);
    const own = p.bank === 'system' ? float.systemMembersFloat : (d?.ownFloat ?? '');
    const kept = p.bank === 'system' ? float.systemRemainder : (d?.dividend ?? '');
    return [p.bank, p.obligations, p.cash, p.net, own, d?.systemShare ?? '-', kept];
  });
  return [
    `Settlement (not posted): pool cash ${pool.cash}, obligations ${pool.obligations}, ${verdict}`,
    `Float dividend for the run's ${period} at ${float.ratePercent.replace(/\.?0+$/, '')}% a year: ` +
      `pool float ${float.poolFloat}, of which the system's own members' ${float.systemMembersFloat}; ` +
      `the system keeps ${float.systemRemainder}`,
    ...table(['bank', 'obligations', 'cash', 'net', 'own float', 'system share', 'dividend'], rows),
  ];
}

function moneyLines(report: ScenarioReport): string[] {
  const m = report.money;
  const verdict = m.holds ? 'no money created or lost' : 'MONEY CREATED OR LOST';
  return [
    `Money check: ${verdict} (opening loads ${m.opening}, owed to members ${m.owed}, ` +
      `cash at the banks ${m.cash}, debits minus credits ${m.imbalance})`,
  ];
}

/** The whole report as text, ending with the failed expectations if any. */
export function formatReport(report: ScenarioReport): string {
  const { timings } = report;
  const carrier = Object.entries(report.carrier)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `Scenario: ${report.name} (${report.file}, seed ${report.seed}, ${report.handsets} handsets)`,
    '',
    'Handsets',
    ...simLines(report),
    '',
    'Steps',
    ...stepLines(report),
    '',
    'Balances',
    ...table(
      ['member', 'bank', 'available', 'pending in', 'pending out'],
      report.balances.map((b) => [b.msisdn, b.bank, b.available, b.pendingIn, b.pendingOut]),
    ),
    '',
    ...settlementLines(report),
    '',
    ...moneyLines(report),
    `SMS centre: ${carrier}`,
    `Time: ${formatDuration(timings.simulatedMs)} simulated in ${(timings.wallMs / 1000).toFixed(1)} s`,
    ...(report.pcapFile ? [`APDU trace: ${report.pcapFile}`] : []),
    ...(report.wavFiles.length > 0 ? [`Call audio: ${report.wavFiles.length} WAV files`] : []),
    '',
    report.passed ? 'PASSED' : `FAILED (${report.failed.length})`,
    ...report.failed,
  ];
  return `${lines.join('\n')}\n`;
}
