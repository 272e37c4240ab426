import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../protocol/bytes/index.ts';
import { findByName, parseCommandTable } from '../../../modem/voice/command-table.ts';
import { validateRequest, validateResponse } from '../../../modem/voice/request.ts';
import { loadFixtureTable } from './table-fixture.ts';

const table = loadFixtureTable();

function minimal(overrides: Record<string, unknown>): unknown {
  return {
    serverAddress: '123',
    commands: [{ id: 1, name: 'a', params: [] }],
    responses: [],
    ...overrides,
  };
}

describe('command table', () => {
  it('loads the shipped table with payRequest and payResponse', () => {
    expect(table.serverAddress).toBe('0015550100');
    expect(findByName(table, 'payRequest')?.spec.params.map((p) => p.name)).toEqual([
      'sourceAccountNumber',
      'targetAccountNumber',
      'amount',
      'pin',
      'reference',
    ]);
    expect(findByName(table, 'payResponse')?.kind).toBe('response');
    expect(findByName(table, 'nothing')).toBeUndefined();
  });

  it.each([
    ['not an object', [], 'VOICE_TABLE_NOT_OBJECT'],
    ['bad address', minimal({ serverAddress: '12a' }), 'VOICE_TABLE_BAD_ADDRESS'],
    ['commands not a list', minimal({ commands: {} }), 'VOICE_TABLE_BAD_MESSAGE'],
    [
      'id out of range',
      minimal({ commands: [{ id: 10000, name: 'a', params: [] }] }),
      'VOICE_TABLE_BAD_NUMBER',
    ],
    [
      'duplicate command',
      minimal({
        commands: [
          { id: 1, name: 'a', params: [] },
          { id: 1, name: 'b', params: [] },
        ],
      }),
      'VOICE_TABLE_DUPLICATE_ID',
    ],
    [
      'duplicate parameter',
      minimal({
        commands: [
          {
            id: 1,
            name: 'a',
            params: [
              { id: 1, name: 'x', type: 'numeric', required: true, maxLength: 3 },
              { id: 1, name: 'y', type: 'numeric', required: true, maxLength: 3 },
            ],
          },
        ],
      }),
      'VOICE_TABLE_DUPLICATE_ID',
    ],
    [
      'unknown type',
      minimal({
        commands: [
          {
            id: 1,
            name: 'a',
            params: [{ id: 1, name: 'x', type: 'date', required: true, maxLength: 3 }],
          },
        ],
      }),
      'VOICE_TABLE_BAD_PARAM',
    ],
  ])('rejects a table with %s', (_name, json, code) => {
    expect(() => parseCommandTable(json)).toThrow(expect.objectContaining({ code }));
  });

  it('validates requests and responses against the table', () => {
    const ok = { commandId: 10, params: { 1: '123', 2: '456', 3: 1500 } };
    expect(validateRequest(table, ok).name).toBe('payRequest');
    expect(validateResponse(table, { responseId: 11, params: { 1: '0' } }).name).toBe(
      'payResponse',
    );
    const bad: [unknown, string][] = [
      [{ commandId: 99, params: {} }, 'VOICE_UNKNOWN_COMMAND'],
      [{ commandId: 10, params: { 1: '123', 2: '456' } }, 'VOICE_MISSING_PARAM'],
      [{ commandId: 10, params: { ...ok.params, 9: '1' } }, 'VOICE_UNKNOWN_PARAM'],
      [{ commandId: 10, params: { ...ok.params, 3: 1.5 } }, 'VOICE_BAD_PARAM'],
      [{ commandId: 10, params: { ...ok.params, 1: '12a' } }, 'VOICE_BAD_PARAM'],
      [{ commandId: 10, params: { ...ok.params, 4: 'lower' } }, 'VOICE_BAD_PARAM'],
      [{ commandId: 10, params: { ...ok.params, 1: '1'.repeat(20) } }, 'VOICE_BAD_PARAM'],
    ];
    for (const [request, code] of bad) {
      expect(() => validateRequest(table, request as never)).toThrow(DecodeError);
      expect(() => validateRequest(table, request as never)).toThrow(
        expect.objectContaining({ code }),
      );
    }
  });
});
