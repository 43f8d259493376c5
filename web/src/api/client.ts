import type { ApiError, Enrollment, ItemResult, OfflineManifest, ProgressEvent, ProgressRecord, Submission } from './types';

/** An HTTP answer that is not a success, with the contract's error JSON when the server sent one. */
export class HttpError extends Error {
  constructor(readonly status: number, readonly body: ApiError | null) {
    super(body?.message ?? `the server answered HTTP ${status}`);
  }

  get code(): string {
    return this.body?.error ?? `HTTP_${this.status}`;
  }
}

export interface Conditional<T> {
  notModified: boolean;
  etag: string | null;
  value: T | null;
}

export interface ProgressPage {
  records: ProgressRecord[];
  more: string;
  consistentThrough: string | null;
  permissionsLastModified: string | null;
}

/** The sync-api calls of the app; `base` is '' when the app is served by sync-api itself. */
export class SyncApi {
  constructor(private readonly base: string, private readonly token: () => Promise<string | null>) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const token = await this.token();
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', 'Bearer ' + token);
    if (init.body) headers.set('Content-Type', 'application/json');
    headers.set('Accept', 'application/json');
    const response = await fetch(this.base + path, { ...init, headers, cache: 'no-store' });
    if (!response.ok && response.status !== 304) {
      let body: ApiError | null = null;
      try {
        body = (await response.json()) as ApiError;
      } catch {
        body = null;
      }
      throw new HttpError(response.status, body);
    }
    return response;
  }

  private async conditional<T>(path: string, etag: string | null): Promise<Conditional<T>> {
    const response = await this.request(path, { headers: etag ? { 'If-None-Match': etag } : {} });
    if (response.status === 304) return { notModified: true, etag, value: null };
    return { notModified: false, etag: response.headers.get('ETag'), value: (await response.json()) as T };
  }

  enrollments(etag: string | null): Promise<Conditional<{ enrollments: Enrollment[] }>> {
    return this.conditional('/api/v1/enrollments', etag);
  }

  manifest(courseId: string, etag: string | null): Promise<Conditional<OfflineManifest>> {
    return this.conditional(`/api/v1/courses/${encodeURIComponent(courseId)}/offline-manifest`, etag);
  }

  async sendProgress(events: ProgressEvent[]): Promise<ItemResult[]> {
    const response = await this.request('/api/v1/progress', { method: 'POST', body: JSON.stringify({ events }) });
    return ((await response.json()) as { results: ItemResult[] }).results;
  }

  async sendSubmissions(submissions: Submission[]): Promise<ItemResult[]> {
    const response = await this.request('/api/v1/submissions', {
      method: 'POST',
      body: JSON.stringify({ submissions }),
    });
    return ((await response.json()) as { results: ItemResult[] }).results;
  }

  /** One page of the progress feed: a full relative URL (a `more` link) or the first query. */
  async progressPage(pathAndQuery: string): Promise<ProgressPage> {
    const response = await this.request(pathAndQuery);
    const body = (await response.json()) as { records: ProgressRecord[]; more: string };
    return {
      records: body.records,
      more: body.more ?? '',
      consistentThrough: response.headers.get('X-Consistent-Through'),
      permissionsLastModified: response.headers.get('X-Permissions-Last-Modified'),
    };
  }
}
