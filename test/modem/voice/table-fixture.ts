// Loads the shipped command table for tests.
import { readFileSync } from 'node:fs';
import { parseCommandTable, type CommandTable } from '../../../modem/voice/command-table.ts';

/** The command table in fixtures/voice/commands.json. */
export function loadFixtureTable(): CommandTable {
  const url = new URL('../../../fixtures/voice/commands.json', import.meta.url);
  return parseCommandTable(JSON.parse(readFileSync(url, 'utf8')) as unknown);
}
