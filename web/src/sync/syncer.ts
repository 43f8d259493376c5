import { HttpError, type SyncApi } from '../api/client';
import type { ProgressEvent, Submission } from '../api/types';
import { kvGet, kvSet, type SatchelDb } from '../store/db';
import { BatchRefused, Outbox, type DrainResult } from './outbox';
import { Recorder } from './recorder';

const SINCE = 'progressSince';
const PERMISSIONS = 'permissionsSince';
export const LAST_SYNC = 'lastSync';

export interface SyncResult extends DrainResult {
  pulled: number;
}

/** Drains the outbox, then pulls the server's progress from the last X-Consistent-Through. */
export class Syncer {
  private readonly outbox: Outbox;
  private readonly recorder: Recorder;

  constructor(private readonly db: SatchelDb, private readonly api: SyncApi) {
    this.outbox = new Outbox(db);
    this.recorder = new Recorder(db);
  }

  async sync(): Promise<SyncResult> {
    const run = async () => {
      const drained = await this.outbox.drain((kind, items) => {
        const send =
          kind === 'progress'
            ? this.api.sendProgress(items.map((i) => i.body as ProgressEvent))
            : this.api.sendSubmissions(items.map((i) => i.body as Submission));
        return send.catch((e) => {
          // a whole request refused (bad shape) would block the queue forever: its items become dead letters
          if (e instanceof HttpError && e.status >= 400 && e.status < 500 && e.status !== 401 && e.status !== 403) {
            throw new BatchRefused(e.code, e.message);
          }
          throw e;
        });
      });
      const pulled = await this.pull();
      await kvSet(this.db, LAST_SYNC, new Date().toISOString());
      return { ...drained, pulled };
    };
    // the page and the service worker (Background Sync) may both sync: one at a time
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    return locks ? locks.request('satchel-sync', run) : run();
  }

  private async pull(): Promise<number> {
    const since = await kvGet<string>(this.db, SINCE);
    const permissions = await kvGet<string>(this.db, PERMISSIONS);
    const query = new URLSearchParams({ limit: '500' });
    if (since) query.set('since', since);
    if (permissions) query.set('sinceIfPermissionsNotChangedSince', permissions);
    let next = '/api/v1/progress?' + query.toString();
    let pulled = 0;
    let consistentThrough: string | null = null;
    let permissionsLastModified: string | null = null;
    while (next) {
      const page = await this.api.progressPage(next);
      for (const r of page.records) {
        await this.recorder.mergeLocal(r.courseId, r.contentId, {
          status: r.status,
          progress: r.progress,
          lastAccessTime: r.lastAccessTime,
          lastCompletedTime: r.lastCompletedTime,
        });
      }
      pulled += page.records.length;
      consistentThrough = page.consistentThrough ?? consistentThrough;
      permissionsLastModified = page.permissionsLastModified ?? permissionsLastModified;
      next = page.more;
    }
    if (consistentThrough) await kvSet(this.db, SINCE, consistentThrough);
    if (permissionsLastModified) await kvSet(this.db, PERMISSIONS, permissionsLastModified);
    return pulled;
  }
}
