import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Enrollment, OfflineManifest, ProgressEvent, Submission } from '../api/types';
import type { DownloadedBlocks } from '../content/manifestDiff';
import type { ProgressState } from '../sync/merge';

export type OutboxKind = 'progress' | 'submission';

export interface OutboxItem {
  seq?: number;
  kind: OutboxKind;
  eventId: string;
  body: ProgressEvent | Submission;
  queuedAt: string;
}

export interface DeadLetter {
  eventId: string;
  kind: OutboxKind;
  body: ProgressEvent | Submission;
  error: string;
  failedAt: string;
}

export interface CourseRecord {
  courseId: string;
  manifest: OfflineManifest;
  manifestEtag: string | null;
  /** blockId → sha256 of the unpacked archive */
  blocks: DownloadedBlocks;
}

export interface ProgressRow extends ProgressState {
  courseId: string;
  contentId: string;
}

interface SatchelSchema extends DBSchema {
  kv: { key: string; value: unknown };
  outbox: { key: number; value: OutboxItem; indexes: { byKind: OutboxKind } };
  deadLetters: { key: string; value: DeadLetter };
  courses: { key: string; value: CourseRecord };
  progress: { key: [string, string]; value: ProgressRow; indexes: { byCourse: string } };
  enrollments: { key: string; value: Enrollment };
}

export type SatchelDb = IDBPDatabase<SatchelSchema>;

export const DB_NAME = 'satchel';

/** The app's one IndexedDB database; the page and the service worker both open it. */
export function openSatchelDb(name = DB_NAME): Promise<SatchelDb> {
  return openDB<SatchelSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('kv');
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('byKind', 'kind');
      db.createObjectStore('deadLetters', { keyPath: 'eventId' });
      db.createObjectStore('courses', { keyPath: 'courseId' });
      db.createObjectStore('progress', { keyPath: ['courseId', 'contentId'] }).createIndex('byCourse', 'courseId');
      db.createObjectStore('enrollments', { keyPath: 'courseId' });
    },
  });
}

export async function kvGet<T>(db: SatchelDb, key: string): Promise<T | undefined> {
  return (await db.get('kv', key)) as T | undefined;
}

export async function kvSet(db: SatchelDb, key: string, value: unknown): Promise<void> {
  await db.put('kv', value, key);
}
