// Cross-checks between scenario sections: numbers are unique, every step's actor has a handset,
// accepters and expected balances belong to members (or to numbers that join during the run), and
// only a virtual SIM is pulled out or put back (a card in a PC/SC reader is out of the run's reach).
import type { Scenario, StepAction } from './scenario-types.ts';
import { MapView, fail } from './yaml-reader.ts';

/** Fields of each action that must name a handset. */
const HANDSET_FIELDS: Partial<Record<StepAction['kind'], readonly string[]>> = {
  send: ['from'],
  sms: ['from'],
  pinCall: ['to'],
  call: ['from'],
  request: ['from'],
  invite: ['from'],
  replay: ['from'],
  pullSim: ['handset'],
  insertSim: ['handset'],
};

/** Throws ScenarioError at the first reference that does not resolve. */
export function checkReferences(top: MapView, scenario: Scenario): void {
  unique(top, 'members', 'member');
  unique(top, 'handsets', 'handset');
  const handsets = new Set(scenario.handsets.map((h) => h.msisdn));
  const readers = new Map(
    scenario.handsets.flatMap((h) => (h.sim.kind === 'reader' ? [[h.msisdn, h.sim.reader]] : [])),
  );
  const joined = scenario.steps.flatMap((s) => (s.action.kind === 'join' ? [s.action.msisdn] : []));
  const members = new Set([...scenario.members.map((m) => m.msisdn), ...joined]);
  top.list('steps').forEach(({ node, path }, i) => {
    const step = scenario.steps[i]!;
    const view = MapView.of(top.source, node, path);
    const action = view.map(step.action.kind)!;
    for (const field of HANDSET_FIELDS[step.action.kind] ?? []) {
      const number = action.scalar(field) as string;
      if (!handsets.has(number))
        action.refuse(
          field,
          `${number} has no handset (handsets: ${[...handsets].join(', ') || 'none'})`,
        );
    }
    if (step.action.kind === 'pullSim' || step.action.kind === 'insertSim')
      virtualOnly(action, step.action.handset, readers);
    if (step.action.kind === 'accept' && !members.has(step.action.by))
      action.refuse('by', `${step.action.by} is not a member`);
    const joining = step.action.kind === 'join' ? step.action.msisdn : undefined;
    if (joining !== undefined && scenario.members.some((m) => m.msisdn === joining))
      action.refuse('msisdn', `${joining} is already a member`);
    const balances = view.map('expect')?.map('balances');
    for (const number of step.expect.balances?.keys() ?? [])
      if (!members.has(number))
        fail(
          top.source,
          balances?.keyNode(number),
          balances?.field(number) ?? path,
          `${number} is not a member`,
        );
  });
}

/** Refuses to pull out or put back the card in a PC/SC reader: only its holder can. */
function virtualOnly(action: MapView, handset: string, readers: ReadonlyMap<string, string>): void {
  const reader = readers.get(handset);
  if (reader !== undefined)
    action.refuse(
      'handset',
      `the SIM of ${handset} is the card in the reader '${reader}', which a scenario cannot pull out or put back`,
    );
}

function unique(top: MapView, section: string, what: string): void {
  const seen = new Set<string>();
  for (const { node, path } of top.list(section)) {
    const view = MapView.of(top.source, node, path);
    const number = view.scalar('msisdn') as string;
    if (seen.has(number)) view.refuse('msisdn', `duplicate ${what} ${number}`);
    seen.add(number);
  }
}
