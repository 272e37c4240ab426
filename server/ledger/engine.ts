// Plans a batch of transfers against prefetched state (TigerBeetle's create_transfers): events run
// in order, linked chains succeed or fail together, ids are idempotency keys, and the result is a
// set of writes a store applies in one database transaction.
import { applyClosing, applyOpening, compareExisting, release, storedTransfer } from './apply.ts';
import { closesPending, validateTransfer } from './validate.ts';
import { WorkingSet, type Plan, type Snapshot } from './working-set.ts';
import {
  TransferFlags,
  type ExpiredTransfer,
  type TransferInput,
  type TransferResult,
  type TransferResultCode,
} from './types.ts';

/** Ids a store must load before planning: the batch's transfers, the pending ones they close. */
export function transferIdsToLoad(batch: readonly TransferInput[]): string[] {
  const ids = new Set<string>();
  for (const t of batch) {
    ids.add(t.id);
    if (t.pendingId) ids.add(t.pendingId);
  }
  return [...ids];
}

/** Account ids a store must load once the batch's transfers (and pending ones) are known. */
export function accountIdsToLoad(batch: readonly TransferInput[], snapshot: Snapshot): string[] {
  const ids = new Set<string>();
  for (const t of batch) {
    for (const id of [t.debitAccountId, t.creditAccountId]) if (id) ids.add(id);
    const p = t.pendingId ? snapshot.transfers.get(t.pendingId) : undefined;
    if (p) ids.add(p.debitAccountId).add(p.creditAccountId);
  }
  return [...ids];
}

interface Outcome {
  readonly result: TransferResultCode;
  readonly replayed: boolean;
  readonly timestamp?: bigint;
}

function runEvent(w: WorkingSet, t: TransferInput, timestamp: bigint, nowMs: number): Outcome {
  const invalid = validateTransfer(t);
  if (invalid) return { result: invalid, replayed: false };
  const stored = w.transfer(t.id);
  if (stored) {
    const same = compareExisting(stored, t);
    return same === 'exists'
      ? { result: stored.result, replayed: true, timestamp: stored.timestamp }
      : { result: same, replayed: false };
  }
  const result = closesPending(t)
    ? applyClosing(w, t, timestamp, nowMs)
    : applyOpening(w, t, timestamp, nowMs);
  return result === 'ok' ? { result, replayed: false, timestamp } : { result, replayed: false };
}

/** True when a failure happened after the idempotency check, so the id keeps this first result. */
function isStoredFailure(t: TransferInput, result: TransferResultCode): boolean {
  return result !== 'ok' && validateTransfer(t) === null && !result.startsWith('exists');
}

/**
 * Plans `batch` at clock time `nowMs`; `lastTimestamp` is the highest ledger timestamp stored so
 * far (each stored event gets a strictly greater one). Returns one result per event and the writes.
 */
export function planTransfers(
  snapshot: Snapshot,
  batch: readonly TransferInput[],
  nowMs: number,
  lastTimestamp: bigint,
): { results: TransferResult[]; plan: Plan; lastTimestamp: bigint } {
  const w = new WorkingSet(snapshot);
  const results: TransferResult[] = [];
  let clock = BigInt(nowMs) * 1000n;
  let next = clock > lastTimestamp ? clock : lastTimestamp + 1n;
  let chain: { start: number; mark: number; failed: boolean } | null = null;
  for (const [i, t] of batch.entries()) {
    const linked = (t.flags & TransferFlags.linked) !== 0;
    chain ??= linked ? { start: i, mark: w.mark(), failed: false } : null;
    if (chain?.failed) {
      results.push({ id: t.id, result: 'linked_event_failed', replayed: false });
    } else if (linked && i === batch.length - 1) {
      results.push({ id: t.id, result: 'linked_event_chain_open', replayed: false });
      chain = failChain(w, results, chain);
    } else {
      const outcome = runEvent(w, t, next, nowMs);
      if (outcome.timestamp === next) next += 1n;
      results.push({ id: t.id, ...outcome });
      if (outcome.result !== 'ok' && !outcome.replayed) {
        if (chain) chain = failChain(w, results, chain);
        else if (isStoredFailure(t, outcome.result)) {
          w.addTransfer(storedTransfer(t, next, outcome.result));
          results[i] = { ...outcome, id: t.id, timestamp: next };
          next += 1n;
        }
      }
    }
    if (!linked) chain = null;
  }
  clock = next - 1n;
  return { results, plan: w.plan(), lastTimestamp: clock > lastTimestamp ? clock : lastTimestamp };
}

function failChain(
  w: WorkingSet,
  results: TransferResult[],
  chain: { start: number; mark: number; failed: boolean } | null,
): { start: number; mark: number; failed: boolean } | null {
  if (!chain) return null;
  w.rollback(chain.mark);
  for (let j = chain.start; j < results.length - 1; j += 1) {
    const r = results[j];
    if (r) results[j] = { id: r.id, result: 'linked_event_failed', replayed: false };
  }
  return { ...chain, failed: true };
}

/** Id of the void transfer the ledger records when pending transfer `id` expires. */
export function expiryTransferId(id: string): string {
  return `expiry:${id}`;
}

/**
 * Plans the expiry of pending transfers `ids` (already known to be due): releases their amounts
 * and records each release as a void transfer `expiry:<id>` so that histories show it.
 */
export function planExpiry(
  snapshot: Snapshot,
  ids: readonly string[],
  nowMs: number,
  lastTimestamp: bigint,
): { expired: ExpiredTransfer[]; plan: Plan; lastTimestamp: bigint } {
  const w = new WorkingSet(snapshot);
  const expired: ExpiredTransfer[] = [];
  const clock = BigInt(nowMs) * 1000n;
  let next = clock > lastTimestamp ? clock : lastTimestamp + 1n;
  for (const id of ids) {
    const p = w.transfer(id);
    if (!p || w.pendingState(id)?.status !== 'pending') continue;
    release(w, p, 0n);
    w.putPending({ id, status: 'expired', expiresAt: w.pendingState(id)?.expiresAt ?? null });
    const { debitAccountId, creditAccountId, amount, ledger, code, userData } = p;
    const voidId = expiryTransferId(id);
    const flags = TransferFlags.voidPending;
    const voided = {
      id: voidId,
      debitAccountId,
      creditAccountId,
      amount,
      pendingId: id,
      ledger,
      code,
      flags,
    };
    w.addTransfer(storedTransfer(voided, next, 'ok'));
    const data = userData ? { userData } : {};
    expired.push({ id, debitAccountId, creditAccountId, amount, timestamp: next, ...data });
    next += 1n;
  }
  return {
    expired,
    plan: w.plan(),
    lastTimestamp: next - 1n > lastTimestamp ? next - 1n : lastTimestamp,
  };
}
