import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { ItemResult, ProgressEvent } from '../src/api/types';
import { openSatchelDb, type OutboxItem, type OutboxKind } from '../src/store/db';
import { BatchRefused, MAX_BATCH, Outbox } from '../src/sync/outbox';

let dbCount = 0;
const freshDb = () => openSatchelDb('outbox-test-' + dbCount++);

function event(n: number): ProgressEvent {
  return {
    eventId: 'e' + n,
    courseId: 'course-v1:O+C+R',
    batchId: 'b',
    contentId: 'block-' + n,
    status: 1,
    progress: n % 100,
    lastAccessTime: '2026-11-21T10:15:30.123Z',
  };
}

const answerAll = (result: ItemResult['result'], error?: string) => async (_kind: OutboxKind, items: OutboxItem[]) =>
  items.map((i) => ({ eventId: i.eventId, result, ...(error ? { error } : {}) }));

describe('Outbox', () => {
  it('sends in the order items were queued and forgets applied and duplicate ones', async () => {
    const outbox = new Outbox(await freshDb());
    for (let i = 0; i < 3; i++) await outbox.enqueue('progress', event(i));
    const sent: string[] = [];
    const result = await outbox.drain(async (_k, items) => {
      sent.push(...items.map((i) => i.eventId));
      return items.map((i, n) => ({ eventId: i.eventId, result: n === 1 ? 'duplicate' : 'applied' }));
    });
    expect(sent).toEqual(['e0', 'e1', 'e2']);
    expect(result).toEqual({ applied: 2, duplicate: 1, rejected: 0 });
    expect(await outbox.pending()).toHaveLength(0);
    expect(await outbox.deadLetters()).toHaveLength(0);
  });

  it('sends at most 1,000 a request', async () => {
    const outbox = new Outbox(await freshDb());
    for (let i = 0; i < MAX_BATCH + 5; i++) await outbox.enqueue('progress', event(i));
    const sizes: number[] = [];
    await outbox.drain(async (kind, items) => {
      sizes.push(items.length);
      return answerAll('applied')(kind, items);
    });
    expect(sizes).toEqual([1000, 5]);
  });

  it('turns rejected items into dead letters with their code, and keeps unanswered ones queued', async () => {
    const outbox = new Outbox(await freshDb());
    for (let i = 0; i < 3; i++) await outbox.enqueue('progress', event(i));
    await expect(
      outbox.drain(async () => [
        { eventId: 'e0', result: 'rejected', error: 'UNKNOWN_CONTENT' },
        { eventId: 'e2', result: 'applied' },
      ]),
    ).rejects.toThrow(/none of the 1 items/); // e1 was never answered: it stays, and the drain stops instead of looping
    const dead = await outbox.deadLetters();
    expect(dead.map((d) => [d.eventId, d.error])).toEqual([['e0', 'UNKNOWN_CONTENT']]);
    expect((await outbox.pending()).map((i) => i.eventId)).toEqual(['e1']);
  });

  it('keeps everything queued when the server cannot be reached', async () => {
    const outbox = new Outbox(await freshDb());
    await outbox.enqueue('progress', event(1));
    await outbox.enqueue('submission', {
      eventId: 's1', courseId: 'c', contentId: 'p', answers: { q: 'a' }, submittedAt: '2026-11-21T10:15:30.123Z',
    });
    await expect(outbox.drain(async () => { throw new TypeError('Failed to fetch'); })).rejects.toThrow('Failed to fetch');
    expect((await outbox.pending()).map((i) => i.eventId)).toEqual(['e1', 's1']);
  });

  it('sends progress and submissions to their own endpoint', async () => {
    const outbox = new Outbox(await freshDb());
    await outbox.enqueue('submission', {
      eventId: 's1', courseId: 'c', contentId: 'p', answers: { q: ['a', 'b'] }, submittedAt: '2026-11-21T10:15:30.123Z',
    });
    await outbox.enqueue('progress', event(1));
    const calls: [OutboxKind, string[]][] = [];
    await outbox.drain(async (kind, items) => {
      calls.push([kind, items.map((i) => i.eventId)]);
      return answerAll('applied')(kind, items);
    });
    expect(calls).toEqual([['progress', ['e1']], ['submission', ['s1']]]);
  });

  it('makes a request the server refused as a whole into dead letters, so the queue does not stall', async () => {
    const outbox = new Outbox(await freshDb());
    await outbox.enqueue('progress', event(1));
    const result = await outbox.drain(async () => { throw new BatchRefused('INVALID_JSON', 'bad body'); });
    expect(result.rejected).toBe(1);
    expect((await outbox.deadLetters())[0].error).toBe('INVALID_JSON');
    expect(await outbox.pending()).toHaveLength(0);
  });
});
