// Test helpers that act as the user of the handset: start-up, menu choice, and answers to
// the payment dialogue's questions.
import type { ProactiveCommand } from '../../../protocol/cat/index.ts';
import { decodeSmsSubmit } from '../../../protocol/sms/sms-submit.ts';
import { OWN_ITEM_BASE } from '../../../firmware-sim/adaptor/index.ts';
import { drain, selectMenuItem, terminalProfile, type Bench } from './support.ts';

/** Answers every question of the dialogue like a user entering `answers`. */
export function user(answers: { amount?: string; target?: string; message?: string; pin: string }) {
  return (c: ProactiveCommand) => {
    if (c.type === 'selectItem') return { itemIdentifier: answers.message === undefined ? 1 : 2 };
    if (c.type !== 'getInput') return {};
    const prompt = c.prompt?.text ?? '';
    const text = prompt.startsWith('Amount')
      ? answers.amount
      : prompt.startsWith('To')
        ? answers.target
        : prompt.startsWith('Message')
          ? answers.message
          : answers.pin;
    return { text: { coding: 'gsm8' as const, text: text ?? '' } };
  };
}

export async function startUp(b: Bench): Promise<ProactiveCommand[]> {
  await b.link.reset();
  const tp = await terminalProfile(b.link);
  return drain(b.link, tp.sw);
}

export async function pay(b: Bench, answers: Parameters<typeof user>[0], item = OWN_ITEM_BASE) {
  const selected = await selectMenuItem(b.link, item);
  return drain(b.link, selected.sw, user(answers));
}

export function sentSms(commands: readonly ProactiveCommand[]) {
  const sms = commands.find((c) => c.type === 'sendShortMessage');
  if (sms?.type !== 'sendShortMessage') throw new Error('no SEND SHORT MESSAGE');
  return decodeSmsSubmit(sms.tpdu);
}
