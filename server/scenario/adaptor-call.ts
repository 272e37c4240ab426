// A scenario's payment by call from the SIM adaptor's menu (docs/voice-protocol.md "Calls from the
// SIM adaptor"): the user picks Pay by voice and answers the questions, the adaptor has the handset
// place the call (SET UP CALL, TS 102 223 §6.4.13) and key its sealed frame twice (SEND DTMF,
// §6.4.24) through the voice switch's uplink channel model, and hangs up once it has shown its text.
import { menuRequest, untilIdle } from '../../cli/handset-adaptor.ts';
import { OWN_ITEM_BASE } from '../../firmware-sim/adaptor/index.ts';
import type { IvrEvent } from '../ivr/ivr-types.ts';
import { formatAmount } from '../ledger/money.ts';
import type { ScenarioWorld } from './scenario-world.ts';
import { ActionError, type ActionResult } from './step-actions.ts';

/** The adaptor's menu entry of its voice application. */
export const VOICE_MENU_TEXT = 'Pay by voice';

/** `from` pays `amount` to `to` by call from its adaptor's menu, keying `pin`. */
export async function adaptorCall(
  world: ScenarioWorld,
  payment: { readonly from: string; readonly to: string; readonly amount: bigint },
  pin: string,
): Promise<ActionResult> {
  const phone = world.phone(payment.from);
  const port = phone.voicePort;
  if (!phone.adaptor || !port) throw new ActionError(`${payment.from} has no adaptor to call from`);
  if (phone.simPulled) throw new ActionError(`${payment.from} has no SIM, so no toolkit menu`);
  const text = `PAY ${formatAmount(payment.amount)} ${payment.to.replace(/^\+/, '')}`;
  const request = menuRequest(text, pin);
  if (!request) throw new ActionError(`cannot enter '${text}' in the menu`);
  await untilIdle(phone.client);
  const item = phone.client.context.menu.find(
    (i) => i.id >= OWN_ITEM_BASE && i.text === VOICE_MENU_TEXT,
  );
  if (!item) throw new ActionError(`${payment.from} shows no '${VOICE_MENU_TEXT}' menu item`);
  let counter: string | undefined;
  const stop = phone.adaptor.onNotice((n) => {
    if (n.type === 'voice.request') counter = /^\d\*(\d+)\*/.exec(n.digits)?.[1] ?? '?';
  });
  phone.answer(request.answers);
  await phone.client.request({ kind: 'selectMenuItem', itemId: item.id });
  await untilIdle(phone.client);
  stop();
  if (counter === undefined) return { notes: ['the adaptor placed no call'] };
  await port.hangUp();
  const record = await port.lastCall();
  if (!record) throw new ActionError(`${payment.from}: the call left no record`);
  await world.advance(record.durationMs);
  const seconds = (record.durationMs / 1000).toFixed(1);
  const notes = [
    `call ${seconds} s from the adaptor's menu, frame sealed under counter ${counter} keyed twice in DTMF`,
    `the IVR heard: ${describeEvents(record.events)}`,
  ];
  if (!record.recording) return { notes };
  const { uplink, downlink } = record.recording;
  return {
    notes,
    audio: { name: `call-adaptor-${payment.from.replace(/^\+/, '')}`, uplink, downlink },
  };
}

/** The IVR's events of a call in words, e.g. `request, duplicate (answered from the stored reply)`. */
function describeEvents(events: readonly IvrEvent[]): string {
  const words = events.flatMap((e): string[] => {
    if (e.type === 'request') return ['request executed'];
    if (e.type === 'duplicate') return ['duplicate answered from the stored reply'];
    if (e.type === 'retransmission') return ['replay answered from the stored reply'];
    if (e.type === 'refused') return [`refused ${e.code}`];
    if (e.type === 'damaged') return [`damaged frame (${e.code})`];
    return [];
  });
  return words.length > 0 ? words.join(', ') : 'no frame';
}
