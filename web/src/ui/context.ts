import type { SyncApi } from '../api/client';
import type { AppConfig } from '../config';
import type { SatchelDb } from '../store/db';
import type { Recorder } from '../sync/recorder';

/** What every view needs: the database, the API, the recorder, and a way to ask for a sync or a new screen. */
export interface AppContext {
  db: SatchelDb;
  api: SyncApi;
  config: AppConfig;
  recorder: Recorder;
  /** the outbox changed: send soon (now when online; Background Sync otherwise) */
  requestSync(): void;
  /** repaints the status line (pending items, dead letters, online or not) */
  refreshStatus(): Promise<void>;
  announce(message: string): void;
}

export function isOffline(): boolean {
  return typeof navigator !== 'undefined' && navigator.onLine === false;
}
