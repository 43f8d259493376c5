import type { ProgressEvent, Status, Submission } from '../api/types';
import type { SatchelDb } from '../store/db';
import { mergeState, type ProgressState } from './merge';
import { Outbox } from './outbox';

/** The contract's `satchel.problem.submit` message, as a problem page hands it to its host. */
export interface ProblemSubmitMessage {
  type: 'satchel.problem.submit';
  courseId: string;
  blockId: string;
  answers: Record<string, string | string[]>;
  submittedAt: string;
}

export function parseSubmitMessage(raw: unknown): ProblemSubmitMessage | null {
  let message: unknown = raw;
  if (typeof raw === 'string') {
    try {
      message = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const m = message as Partial<ProblemSubmitMessage> | null;
  if (!m || m.type !== 'satchel.problem.submit' || typeof m.courseId !== 'string' || typeof m.blockId !== 'string') {
    return null;
  }
  if (typeof m.answers !== 'object' || m.answers === null || typeof m.submittedAt !== 'string') return null;
  return m as ProblemSubmitMessage;
}

/** Records what the learner does: queued in the outbox and merged into the local progress at once (offline too). */
export class Recorder {
  private readonly outbox: Outbox;

  constructor(private readonly db: SatchelDb, private readonly newId: () => string = () => crypto.randomUUID()) {
    this.outbox = new Outbox(db);
  }

  async progress(courseId: string, batchId: string, contentId: string, status: Status, progress: number): Promise<ProgressEvent> {
    const now = new Date().toISOString();
    const event: ProgressEvent = {
      eventId: this.newId(),
      courseId,
      batchId,
      contentId,
      status,
      progress: status === 2 ? 100 : progress,
      lastAccessTime: now,
      ...(status === 2 ? { lastCompletedTime: now } : {}),
    };
    await this.outbox.enqueue('progress', event);
    await this.mergeLocal(courseId, contentId, {
      status: event.status,
      progress: event.progress,
      lastAccessTime: event.lastAccessTime,
      lastCompletedTime: event.lastCompletedTime ?? null,
    });
    return event;
  }

  async submission(message: ProblemSubmitMessage): Promise<Submission> {
    const submission: Submission = {
      eventId: this.newId(),
      courseId: message.courseId,
      contentId: message.blockId,
      answers: message.answers,
      submittedAt: message.submittedAt,
    };
    await this.outbox.enqueue('submission', submission);
    return submission;
  }

  /** Folds a state (local or from the server) into the local progress with the server's merge rules. */
  async mergeLocal(courseId: string, contentId: string, incoming: ProgressState): Promise<ProgressState> {
    const tx = this.db.transaction('progress', 'readwrite');
    const current = await tx.store.get([courseId, contentId]);
    const merged = mergeState(current, incoming);
    await tx.store.put({ courseId, contentId, ...merged });
    await tx.done;
    return merged;
  }

  async states(courseId: string): Promise<Map<string, ProgressState>> {
    const rows = await this.db.getAllFromIndex('progress', 'byCourse', courseId);
    return new Map(rows.map((r) => [r.contentId, r]));
  }
}
