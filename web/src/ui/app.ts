import { HttpError, SyncApi } from '../api/client';
import { finishSignIn } from '../auth/oidc';
import { saveToken, signOut, storedToken, subjectOf, tokenFromHash } from '../auth/session';
import { loadConfig, type AppConfig } from '../config';
import { kvGet, openSatchelDb, type SatchelDb } from '../store/db';
import { Outbox } from '../sync/outbox';
import { Recorder } from '../sync/recorder';
import { SyncScheduler } from '../sync/scheduler';
import { LAST_SYNC, Syncer } from '../sync/syncer';
import { isOffline, type AppContext } from './context';
import { h, replace } from './dom';
import { courseView } from './views/course';
import { coursesView } from './views/courses';
import { deadLettersView } from './views/deadLetters';
import { readerView } from './views/reader';
import { signInView } from './views/signin';

const SYNC_TAG = 'satchel-outbox';

/** The app shell: sign-in, routing by the address's #hash, the status line, and the sync schedule. */
export class App implements AppContext {
  db!: SatchelDb;
  api!: SyncApi;
  config!: AppConfig;
  recorder!: Recorder;
  private scheduler!: SyncScheduler;
  private lastError = '';
  private readonly main = document.getElementById('main')!;
  private readonly statusLine = document.getElementById('sync-status')!;
  private readonly live = document.getElementById('announcer')!;
  private readonly userBox = document.getElementById('user')!;

  async start(): Promise<void> {
    if ('serviceWorker' in navigator) {
      navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' }).catch((e) => console.warn('no service worker', e));
    }
    this.db = await openSatchelDb();
    this.config = await loadConfig().catch(() => ({ apiBase: '', oidc: null, devSignIn: true }));
    this.api = new SyncApi(this.config.apiBase, () => storedToken(this.db));
    this.recorder = new Recorder(this.db);
    const syncer = new Syncer(this.db, this.api);
    this.scheduler = new SyncScheduler(async () => {
      try {
        await syncer.sync();
        this.lastError = '';
      } catch (e) {
        this.lastError =
          e instanceof HttpError && e.status === 401
            ? 'Your sign-in has expired: sign in again to send what is waiting.'
            : e instanceof HttpError ? `Sending failed: ${e.message}` : '';
        throw e;
      } finally {
        await this.refreshStatus();
      }
    }, () => !isOffline());

    const handed = tokenFromHash(location, history);
    if (handed && subjectOf(handed)) await saveToken(this.db, handed);
    if (this.config.oidc) {
      const token = await finishSignIn(this.config.oidc).catch((e: Error) => (this.announce(e.message), null));
      if (token) await saveToken(this.db, token);
    }
    addEventListener('hashchange', () => void this.route());
    addEventListener('online', () => {
      void this.refreshStatus();
      this.scheduler.now();
    });
    addEventListener('offline', () => void this.refreshStatus());
    await this.route();
    if (await storedToken(this.db)) this.scheduler.now();
  }

  requestSync(): void {
    void navigator.serviceWorker?.ready
      .then((r) => (r as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync?.register(SYNC_TAG))
      .catch(() => undefined);
    if (!isOffline()) this.scheduler.now();
  }

  announce(message: string): void {
    this.live.textContent = message;
  }

  async refreshStatus(): Promise<void> {
    const outbox = new Outbox(this.db);
    const pending = (await outbox.pending()).length;
    const dead = (await outbox.deadLetters()).length;
    const lastSync = await kvGet<string>(this.db, LAST_SYNC);
    const parts = [isOffline() ? 'Offline' : 'Online'];
    parts.push(pending === 0 ? 'nothing waiting to send' : `${pending} waiting to send`);
    if (lastSync) parts.push('last sync ' + new Date(lastSync).toLocaleTimeString());
    replace(
      this.statusLine,
      h('span', { 'data-pending': pending, 'data-offline': isOffline() ? 'yes' : 'no', id: 'pending' }, parts.join(' · ')),
      dead > 0 && h('a', { href: '#/not-accepted', class: 'error', id: 'dead-letters' }, ` · ${dead} not accepted`),
      this.lastError && h('span', { class: 'error' }, ' · ' + this.lastError),
    );
  }

  private async route(): Promise<void> {
    const token = await storedToken(this.db);
    await this.refreshStatus();
    this.renderUser(token);
    if (!token) {
      replace(this.main, signInView(this, () => {
        this.scheduler.now();
        void this.route();
      }));
      return;
    }
    const [, view, a, b] = location.hash.split('/');
    const rerender = () => void this.route();
    let screen: HTMLElement;
    try {
      if (view === 'course' && a) screen = await courseView(this, decodeURIComponent(a), rerender);
      else if (view === 'read' && a && b) screen = await readerView(this, decodeURIComponent(a), decodeURIComponent(b));
      else if (view === 'not-accepted') screen = await deadLettersView(this, rerender);
      else screen = await coursesView(this);
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) {
        await signOut(this.db);
        this.announce('Your sign-in has expired; sign in again.');
        return this.route();
      }
      screen = h('p', { class: 'error', role: 'alert' }, e instanceof Error ? e.message : String(e));
    }
    replace(this.main, screen);
    (this.main.querySelector('h2') as HTMLElement | null)?.focus?.();
  }

  private renderUser(token: string | null): void {
    replace(
      this.userBox,
      token &&
        h('span', {}, subjectOf(token) ?? ''),
      token &&
        h('button', {
          type: 'button',
          class: 'link',
          onclick: async () => {
            await signOut(this.db);
            await this.route();
          },
        }, 'Sign out'),
    );
  }
}
