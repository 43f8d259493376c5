import type { ItemResult, ProgressEvent, Submission } from '../api/types';
import type { DeadLetter, OutboxItem, OutboxKind, SatchelDb } from '../store/db';

/** The server's limit of items per request (progress and submissions alike). */
export const MAX_BATCH = 1000;

/** Sends one batch; resolves with the server's per-item results in request order, throws when it cannot be sent. */
export type BatchSender = (kind: OutboxKind, items: OutboxItem[]) => Promise<ItemResult[]>;

/** Thrown by a sender when the server refused the request as a whole (4xx other than auth): items become dead letters. */
export class BatchRefused extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export interface DrainResult {
  applied: number;
  duplicate: number;
  rejected: number;
}

/**
 * Items recorded offline (progress events, problem answers) wait here, in IndexedDB, in the order they were made,
 * until the server answers for each: applied or duplicate ⇒ gone; rejected ⇒ a dead letter the learner can see.
 */
export class Outbox {
  constructor(private readonly db: SatchelDb) {}

  async enqueue(kind: OutboxKind, body: ProgressEvent | Submission): Promise<void> {
    await this.db.add('outbox', { kind, eventId: body.eventId, body, queuedAt: new Date().toISOString() });
  }

  async pending(kind?: OutboxKind): Promise<OutboxItem[]> {
    return kind ? this.db.getAllFromIndex('outbox', 'byKind', kind) : this.db.getAll('outbox');
  }

  async deadLetters(): Promise<DeadLetter[]> {
    return this.db.getAll('deadLetters');
  }

  /** Sends everything queued, oldest first, at most MAX_BATCH a request; a failed send stops the drain and throws. */
  async drain(send: BatchSender, batchSize = MAX_BATCH): Promise<DrainResult> {
    const total: DrainResult = { applied: 0, duplicate: 0, rejected: 0 };
    for (const kind of ['progress', 'submission'] as OutboxKind[]) {
      for (;;) {
        const batch = (await this.db.getAllFromIndex('outbox', 'byKind', kind)).slice(0, batchSize);
        if (batch.length === 0) break;
        let results: ItemResult[];
        try {
          results = await send(kind, batch);
        } catch (e) {
          if (!(e instanceof BatchRefused)) throw e;
          results = batch.map((item) => ({ eventId: item.eventId, result: 'rejected' as const, error: e.code }));
        }
        const answered = await this.settle(batch, results);
        total.applied += answered.applied;
        total.duplicate += answered.duplicate;
        total.rejected += answered.rejected;
        if (answered.applied + answered.duplicate + answered.rejected === 0) {
          throw new Error('the server answered for none of the ' + batch.length + ' items sent');
        }
      }
    }
    return total;
  }

  private async settle(batch: OutboxItem[], results: ItemResult[]): Promise<DrainResult> {
    const byId = new Map(results.map((r) => [r.eventId, r]));
    const counts: DrainResult = { applied: 0, duplicate: 0, rejected: 0 };
    const tx = this.db.transaction(['outbox', 'deadLetters'], 'readwrite');
    for (const item of batch) {
      const result = byId.get(item.eventId);
      if (!result) continue; // not answered: stays queued for the next drain
      counts[result.result]++;
      if (result.result === 'rejected') {
        await tx.objectStore('deadLetters').put({
          eventId: item.eventId,
          kind: item.kind,
          body: item.body,
          error: result.error ?? 'REJECTED',
          failedAt: new Date().toISOString(),
        });
      }
      await tx.objectStore('outbox').delete(item.seq!);
    }
    await tx.done;
    return counts;
  }
}
