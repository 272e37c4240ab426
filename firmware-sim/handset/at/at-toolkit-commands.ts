// SIM toolkit questions at the AT interface (vendor pattern, see at-user.ts): AT+STGI shows the
// waiting GET INPUT or SELECT ITEM, AT+STGR answers it; menu selection with AT+STMS (TS 102 223
// §7.2 MENU SELECTION) and the menu SET UP MENU left with AT+STMS?.
import type { AtCommand } from './at-command-line.ts';
import { Cme, cme, jobError } from './at-errors.ts';
import type { AtUserPort } from './at-user.ts';
import { OK, failure, lines, type AtHandler, type AtReply, type AtSession } from './at-session.ts';

const quoted = (text: string): string => `"${text.replaceAll('"', "'")}"`;

function stgi(user: AtUserPort | undefined): AtReply {
  const question = user?.question;
  if (question === undefined) return failure(cme(Cme.notFound));
  if (question.kind === 'input') {
    return lines(`+STGI: "input",${quoted(question.prompt)},${question.hidden ? 1 : 0}`);
  }
  return lines(
    `+STGI: "select",${quoted(question.title)}`,
    ...question.items.map((item, i) => `+STGI: ${i + 1},${quoted(item)}`),
  );
}

function stgr(c: AtCommand, user: AtUserPort | undefined): AtReply {
  const question = user?.question;
  if (user === undefined || question === undefined) return failure(cme(Cme.notFound));
  if (c.form === 'exec') return user.reply({ kind: 'none' }) ? OK : failure(cme(Cme.notFound));
  const value = c.args[0] ?? '';
  if (question.kind === 'input')
    return user.reply({ kind: 'text', text: value }) ? OK : failure(cme(Cme.notFound));
  const position = Number(value);
  if (!Number.isInteger(position) || position < 1 || position > question.items.length) {
    return failure(cme(Cme.incorrectParameters));
  }
  user.reply({ kind: 'item', position });
  return OK;
}

async function stms(c: AtCommand, s: AtSession): Promise<AtReply> {
  const menu = s.handset.context.menu;
  if (c.form === 'read' || c.form === 'test') {
    return { lines: menu.map((item) => `+STMS: ${item.id},${quoted(item.text)}`) };
  }
  const id = Number(c.args[0]);
  if (!menu.some((item) => item.id === id)) return failure(cme(Cme.incorrectParameters));
  const result = await s.handset.request({ kind: 'selectMenuItem', itemId: id });
  return result.ok ? OK : failure(jobError(result.error, 'CME'));
}

/** The toolkit commands, bound to the user port answering the SIM's questions. */
export function toolkitCommands(user: AtUserPort | undefined): Readonly<Record<string, AtHandler>> {
  return {
    '+STGI': () => stgi(user),
    '+STGR': (c) => stgr(c, user),
    '+STMS': stms,
  };
}
