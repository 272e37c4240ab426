import { describe, expect, it } from 'vitest';
import {
  requestFromJson,
  requestToJson,
  responseToJson,
} from '../../../modem/voice/request-json.ts';
import { loadFixtureTable } from './table-fixture.ts';

const table = loadFixtureTable();

describe('request JSON', () => {
  it('reads a request by name or by id, to the same Request', () => {
    const byName = requestFromJson(table, {
      command: 'payRequest',
      params: { sourceAccountNumber: '12', targetAccountNumber: '34', amount: 5 },
    });
    const byId = requestFromJson(table, {
      commandId: 10,
      params: { '1': '12', '2': '34', '3': 5 },
    });
    expect(byName).toEqual({ commandId: 10, params: { 1: '12', 2: '34', 3: 5 } });
    expect(byId).toEqual(byName);
    expect(requestToJson(table, byId)).toEqual({
      commandId: 10,
      command: 'payRequest',
      params: { sourceAccountNumber: '12', targetAccountNumber: '34', amount: 5 },
    });
    expect(responseToJson(table, { responseId: 11, params: { 1: '0' } })).toEqual({
      responseId: 11,
      response: 'payResponse',
      params: { status: '0' },
    });
  });

  it.each([
    [[], 'VOICE_BAD_JSON'],
    [{}, 'VOICE_BAD_JSON'],
    [{ command: 'payResponse' }, 'VOICE_BAD_JSON'],
    [{ commandId: 77 }, 'VOICE_UNKNOWN_COMMAND'],
    [{ command: 'balance', params: [] }, 'VOICE_BAD_JSON'],
    [{ command: 'balance', params: { colour: 'red' } }, 'VOICE_BAD_JSON'],
    [{ command: 'balance', params: { accountNumber: true } }, 'VOICE_BAD_JSON'],
    [{ command: 'balance', params: {} }, 'VOICE_MISSING_PARAM'],
  ])('rejects %j with %s', (json, code) => {
    expect(() => requestFromJson(table, json)).toThrow(expect.objectContaining({ code }));
  });
});
