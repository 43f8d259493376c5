import { Backoff } from './backoff';

const OFFLINE_CHECK_MS = 15_000;

/** Runs the sync on start, when asked, when the browser comes online, and on a timer that backs off while it fails. */
export class SyncScheduler {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly online: () => boolean,
    private readonly backoff = new Backoff(),
  ) {}

  /** Syncs now (or right after the sync that is running). */
  now(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.once().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.now();
      }
    });
  }

  private async once(): Promise<void> {
    let delay: number;
    if (!this.online()) {
      delay = OFFLINE_CHECK_MS; // nothing to try; the `online` event wakes us sooner where browsers send it
    } else {
      try {
        await this.run();
        delay = this.backoff.succeeded();
      } catch {
        delay = this.backoff.failed();
      }
    }
    this.timer = setTimeout(() => this.now(), delay);
  }

  /** Resolves when no sync is running (tests and the status line). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
