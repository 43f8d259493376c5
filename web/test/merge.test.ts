import { describe, expect, it } from 'vitest';
import type { ManifestBlock } from '../src/api/types';
import { completionOf, mergeState, type ProgressState } from '../src/sync/merge';

const state = (status: 0 | 1 | 2, progress: number, access: string | null, completed: string | null = null): ProgressState => ({
  status, progress, lastAccessTime: access, lastCompletedTime: completed,
});

describe('mergeState (the server rules)', () => {
  it('never lowers the status and keeps the larger progress', () => {
    const merged = mergeState(state(2, 100, '2026-01-02T00:00:00.000Z'), state(1, 40, '2026-01-03T00:00:00.000Z'));
    expect(merged.status).toBe(2);
    expect(merged.progress).toBe(100);
    expect(merged.lastAccessTime).toBe('2026-01-03T00:00:00.000Z');
  });

  it('status 2 means progress 100 even when the event said less', () => {
    expect(mergeState(state(1, 30, null), state(2, 50, null)).progress).toBe(100);
  });

  it('takes the later of the times, comparing instants not text', () => {
    const merged = mergeState(
      state(1, 10, '2026-01-02T10:00:00.000Z', '2026-01-02T10:00:00.000Z'),
      state(1, 5, '2026-01-02T09:00:00.000+00:00', '2026-01-02T11:00:00.000+01:00'),
    );
    expect(merged.lastAccessTime).toBe('2026-01-02T10:00:00.000Z');
    expect(merged.lastCompletedTime).toBe('2026-01-02T10:00:00.000Z'); // 11:00+01:00 is the same instant: kept first
    expect(merged.progress).toBe(10);
  });

  it('gives the same result whatever the order', () => {
    const events = [state(1, 20, '2026-01-01T00:00:00.000Z'), state(2, 0, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z'),
      state(0, 70, '2026-01-02T00:00:00.000Z')];
    const fold = (list: ProgressState[]) => list.reduce<ProgressState | undefined>((acc, e) => mergeState(acc, e), undefined);
    const expected = fold(events);
    expect(fold([...events].reverse())).toEqual(expected);
    expect(fold([events[1], events[0], events[2]])).toEqual(expected);
    expect(expected).toEqual(state(2, 100, '2026-01-03T00:00:00.000Z', '2026-01-03T00:00:00.000Z'));
  });
});

describe('completionOf', () => {
  const block = (id: string) => ({ blockId: id }) as ManifestBlock;
  it('floors the percentage of completed leaves of the manifest and ignores leaves it does not list', () => {
    const blocks = [block('a'), block('b'), block('c')];
    const states = new Map([
      ['a', state(2, 100, null)],
      ['b', state(1, 90, null)],
      ['gone', state(2, 100, null)],
    ]);
    expect(completionOf(blocks, states)).toEqual({ completedCount: 1, leafCount: 3, completionPercentage: 33 });
  });

  it('is 0 for a course with no leaves', () => {
    expect(completionOf([], new Map()).completionPercentage).toBe(0);
  });
});
