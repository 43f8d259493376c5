/// <reference lib="webworker" />
// The service worker (scope /app/): keeps the app shell for offline starts, serves downloaded blocks from Cache
// Storage with their Content-Type and Range support, and sends the outbox by Background Sync.
import { SyncApi } from './api/client';
import { storedToken } from './auth/session';
import { BLOCK_CACHE, READ_PREFIX, storeUrl } from './content/contentStore';
import { folderName } from './content/folderName';
import { withRange } from './content/rangeResponse';
import { openSatchelDb } from './store/db';
import { Syncer } from './sync/syncer';

declare const self: ServiceWorkerGlobalScope;

const SHELL_CACHE = 'satchel-shell-v1';
const SHELL = ['/app/', '/app/config.json', '/app/manifest.webmanifest', '/app/icon.svg'];
export const SYNC_TAG = 'satchel-outbox';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(SHELL);
      // the page's hashed scripts and styles, as index.html names them
      const html = await (await cache.match('/app/'))!.text();
      const assets = [...html.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) return;
  if (url.pathname.startsWith(READ_PREFIX)) {
    event.respondWith(serveBlockFile(url, event.request));
  } else if (url.pathname.startsWith('/app/assets/')) {
    event.respondWith(cacheFirst(event.request));
  } else {
    event.respondWith(networkFirst(event.request, event.request.mode === 'navigate' ? '/app/' : url.pathname));
  }
});

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
  return response;
}

/** The shell and config.json: fresh when online, the kept copy when not. */
async function networkFirst(request: Request, cacheKey: string): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok && SHELL.includes(cacheKey)) await (await caches.open(SHELL_CACHE)).put(cacheKey, response.clone());
    return response;
  } catch (e) {
    const cached = await caches.match(cacheKey);
    if (cached) return cached;
    throw e;
  }
}

/** /app/read/<course folder>/<block folder>/<file> → the stored archive of that block's current sha256. */
async function serveBlockFile(url: URL, request: Request): Promise<Response> {
  const [courseFolder, blockFolder, ...rest] = url.pathname.slice(READ_PREFIX.length).split('/');
  const path = rest.map(decodeURIComponent).join('/') || 'index.html';
  const db = await openSatchelDb();
  try {
    const course = (await db.getAll('courses')).find((c) => folderName(c.courseId) === courseFolder);
    const blockId = course && Object.keys(course.blocks).find((id) => folderName(id) === blockFolder);
    if (!course || !blockId) return notDownloaded();
    const stored = await (await caches.open(BLOCK_CACHE)).match(storeUrl(course.blocks[blockId], path));
    if (!stored) return new Response('Not in this block.', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return withRange(stored, request.headers.get('Range'));
  } finally {
    db.close();
  }
}

function notDownloaded(): Response {
  const page =
    '<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<p style="font-family:sans-serif">This part of the course is not downloaded on this device. ' +
    'Go back to the course and download it.</p>';
  return new Response(page, { status: 404, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

interface SyncEvent extends ExtendableEvent {
  tag: string;
}

self.addEventListener('sync', ((event: SyncEvent) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const db = await openSatchelDb();
      try {
        const config = (await (await caches.match('/app/config.json'))?.json()) as { apiBase?: string } | undefined;
        await new Syncer(db, new SyncApi(config?.apiBase ?? '', () => storedToken(db))).sync();
      } finally {
        db.close();
      }
    })(),
  );
}) as EventListener);
