import type { ManifestBlock, Status } from '../api/types';

/** One leaf's progress as the server keeps it; the app applies the same merge so completion shows at once offline. */
export interface ProgressState {
  status: Status;
  progress: number;
  lastAccessTime: string | null;
  lastCompletedTime: string | null;
}

function laterOf(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The contract's merge: status never decreases; progress = max (status 2 ⇒ 100); the two times = max. */
export function mergeState(current: ProgressState | undefined, incoming: ProgressState): ProgressState {
  const status = Math.max(current?.status ?? 0, incoming.status) as Status;
  const progress = status === 2 ? 100 : Math.max(current?.progress ?? 0, incoming.progress);
  return {
    status,
    progress,
    lastAccessTime: laterOf(current?.lastAccessTime, incoming.lastAccessTime),
    lastCompletedTime: laterOf(current?.lastCompletedTime, incoming.lastCompletedTime),
  };
}

export interface Completion {
  completedCount: number;
  leafCount: number;
  completionPercentage: number;
}

/** completionPercentage = floor(100 × completed leaves of the manifest / its leaf count), as the server counts it. */
export function completionOf(blocks: ManifestBlock[], states: Map<string, ProgressState>): Completion {
  const leafCount = blocks.length;
  const completedCount = blocks.filter((b) => states.get(b.blockId)?.status === 2).length;
  return {
    completedCount,
    leafCount,
    completionPercentage: leafCount === 0 ? 0 : Math.floor((100 * completedCount) / leafCount),
  };
}
