import { unzipSync } from 'fflate';
import { folderName } from './folderName';
import { mediaType } from './mediaType';

/** Cache Storage holding unpacked block archives, one folder per archive under its sha256: /app/store/<sha256>/... */
export const BLOCK_CACHE = 'satchel-blocks-v1';
const STORE_PREFIX = '/app/store/';
/** Where the reader opens blocks: blocks side by side under their folder names, so ../<folder>/index.html works. */
export const READ_PREFIX = '/app/read/';

export function storeUrl(sha256: string, path: string): string {
  return STORE_PREFIX + sha256 + '/' + path.split('/').map(encodeURIComponent).join('/');
}

export function readUrl(courseId: string, blockId: string, path = 'index.html'): string {
  return READ_PREFIX + folderName(courseId) + '/' + folderName(blockId) + '/' + path;
}

export class UnsafeArchive extends Error {}

/** Entry names that stay inside the block's folder; anything else refuses the whole archive. */
function safePath(name: string): string {
  const path = name.replace(/\\/g, '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.split('/').some((p) => p === '..')) {
    throw new UnsafeArchive(`the archive holds an unsafe path: ${name}`);
  }
  return path.replace(/^\.\//, '');
}

/** Unpacks a verified block zip into the cache under its sha256 (files first, so a lost write leaves no half index). */
export async function storeArchive(sha256: string, zip: Uint8Array): Promise<number> {
  const files = unzipSync(zip);
  const cache = await caches.open(BLOCK_CACHE);
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  names.sort((a, b) => (a === 'index.html' ? 1 : b === 'index.html' ? -1 : 0));
  for (const name of names) {
    const path = safePath(name);
    const bytes = files[name];
    await cache.put(
      storeUrl(sha256, path),
      new Response(new Blob([bytes as BlobPart]), {
        headers: { 'Content-Type': mediaType(path), 'Content-Length': String(bytes.byteLength) },
      }),
    );
  }
  return names.length;
}

/** Deletes every stored archive whose sha256 no downloaded block refers to any more. */
export async function dropUnreferenced(referenced: Set<string>): Promise<number> {
  const cache = await caches.open(BLOCK_CACHE);
  let dropped = 0;
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (!path.startsWith(STORE_PREFIX)) continue;
    const sha = path.slice(STORE_PREFIX.length).split('/')[0];
    if (!referenced.has(sha)) {
      await cache.delete(request);
      dropped++;
    }
  }
  return dropped;
}
