import { HttpError, type SyncApi } from '../api/client';
import type { ManifestBlock, OfflineManifest } from '../api/types';
import type { CourseRecord, SatchelDb } from '../store/db';
import { dropUnreferenced, storeArchive } from './contentStore';
import { DownloadFailed, fetchResumable, sha256Hex } from './fetchResumable';
import { goneBlocks, planDownload } from './manifestDiff';
import { formatBytes } from '../ui/format';

export interface DownloadProgress {
  blocksDone: number;
  blocksTotal: number;
  bytesDone: number;
  bytesTotal: number;
}

export interface DownloadSummary {
  fetched: string[];
  kept: number;
  bytes: number;
}

export class ChecksumMismatch extends Error {}

/** Not enough room on the device, said in words. */
export class StorageFull extends Error {}

function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && (e.name === 'QuotaExceededError' || e.code === 22);
}

async function storageFull(needed: number): Promise<StorageFull> {
  const estimate = await navigator.storage?.estimate?.();
  const free = estimate?.quota !== undefined ? Math.max(0, estimate.quota - (estimate.usage ?? 0)) : null;
  return new StorageFull(
    `There is not enough storage space on this device: the download needs ${formatBytes(needed)}` +
      (free !== null ? ` and the browser allows about ${formatBytes(free)} more` : '') +
      '. Remove a downloaded course or free some space, then try again.',
  );
}

/** Fetches the newest manifest (ETag) and keeps it with the course's downloaded blocks. */
export async function refreshManifest(db: SatchelDb, api: SyncApi, courseId: string, force = false): Promise<CourseRecord> {
  const stored = await db.get('courses', courseId);
  const answer = await api.manifest(courseId, force ? null : stored?.manifestEtag ?? null);
  if (answer.notModified && stored) return stored;
  const record: CourseRecord = {
    courseId,
    manifest: answer.value as OfflineManifest,
    manifestEtag: answer.etag,
    blocks: stored?.blocks ?? {},
  };
  await db.put('courses', record);
  return record;
}

/**
 * Downloads a course or one section: only blocks whose sha256 differs from what is on the device, each checked
 * against its sha256 and unpacked under it. Each block is recorded as soon as it is stored, so a download cut off
 * half-way goes on where it stopped.
 */
export async function download(
  db: SatchelDb,
  api: SyncApi,
  courseId: string,
  sectionId: string | undefined,
  onProgress: (p: DownloadProgress) => void,
): Promise<DownloadSummary> {
  let record = await refreshManifest(db, api, courseId);
  const plan = planDownload(record.manifest, record.blocks, sectionId);
  await navigator.storage?.persist?.();
  const estimate = await navigator.storage?.estimate?.();
  if (estimate?.quota !== undefined && plan.bytes * 3 > estimate.quota - (estimate.usage ?? 0)) {
    throw await storageFull(plan.bytes * 3); // zip and unpacked files are both held while a block is stored
  }
  const progress: DownloadProgress = { blocksDone: 0, blocksTotal: plan.fetch.length, bytesDone: 0, bytesTotal: plan.bytes };
  onProgress(progress);
  const fetched: string[] = [];
  for (const planned of plan.fetch) {
    let block = planned;
    const before = progress.bytesDone;
    const onBytes = (n: number) => onProgress({ ...progress, bytesDone: before + n });
    let zip: Uint8Array;
    try {
      zip = await fetchResumable(block.offlineDownload.fileUrl, block.offlineDownload.fileSize, { onBytes });
    } catch (e) {
      if (!(e instanceof DownloadFailed && e.status === 403)) throw e;
      // presigned URLs expire: fetch the manifest again (no If-None-Match) for fresh ones
      record = await refreshManifest(db, api, courseId, true);
      block = record.manifest.blocks.find((b) => b.blockId === planned.blockId) ?? planned;
      zip = await fetchResumable(block.offlineDownload.fileUrl, block.offlineDownload.fileSize, { onBytes });
    }
    await storeBlock(db, courseId, block, zip);
    fetched.push(block.blockId);
    progress.blocksDone++;
    progress.bytesDone = before + block.offlineDownload.fileSize;
    onProgress({ ...progress });
  }
  await forgetGone(db, courseId);
  return { fetched, kept: plan.keep.length, bytes: plan.bytes };
}

async function storeBlock(db: SatchelDb, courseId: string, block: ManifestBlock, zip: Uint8Array): Promise<void> {
  const sha = await sha256Hex(zip);
  if (sha !== block.offlineDownload.sha256) {
    throw new ChecksumMismatch(`"${block.displayName}" arrived damaged (its checksum does not match); try again.`);
  }
  try {
    await storeArchive(sha, zip);
  } catch (e) {
    if (isQuotaError(e)) throw await storageFull(zip.byteLength * 2);
    throw e;
  }
  const tx = db.transaction('courses', 'readwrite');
  const current = await tx.store.get(courseId);
  if (current) {
    current.blocks[block.blockId] = sha;
    await tx.store.put(current);
  }
  await tx.done;
}

/** Drops blocks a republish deleted, and every stored archive no block refers to any more. */
async function forgetGone(db: SatchelDb, courseId: string): Promise<void> {
  const record = await db.get('courses', courseId);
  if (record) {
    for (const id of goneBlocks(record.manifest, record.blocks)) delete record.blocks[id];
    await db.put('courses', record);
  }
  await dropUnreferenced(await referencedArchives(db));
}

async function referencedArchives(db: SatchelDb): Promise<Set<string>> {
  const referenced = new Set<string>();
  for (const course of await db.getAll('courses')) Object.values(course.blocks).forEach((sha) => referenced.add(sha));
  return referenced;
}

/** Removes a downloaded course from the device (its archives; its progress stays, it belongs to the learner). */
export async function removeCourse(db: SatchelDb, courseId: string): Promise<void> {
  const record = await db.get('courses', courseId);
  if (record) {
    record.blocks = {};
    await db.put('courses', record);
  }
  await dropUnreferenced(await referencedArchives(db));
}

export function describeError(e: unknown): string {
  if (e instanceof HttpError) return `${e.message} (${e.code})`;
  if (e instanceof TypeError) return 'The server cannot be reached; check the connection and try again.';
  return e instanceof Error ? e.message : String(e);
}
