/** A GET of a block zip that survives a lost connection: it goes on from the last byte with a Range request. */
export interface FetchOptions {
  attempts?: number;
  retryDelayMs?: number;
  onBytes?: (received: number) => void;
  fetcher?: typeof fetch;
}

export class DownloadFailed extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

export async function fetchResumable(url: string, expectedSize: number, options: FetchOptions = {}): Promise<Uint8Array> {
  const attempts = options.attempts ?? 6;
  const fetcher = options.fetcher ?? fetch;
  const chunks: Uint8Array[] = [];
  let received = 0;
  let lastError: unknown = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, (options.retryDelayMs ?? 1000) * attempt));
    try {
      const headers: HeadersInit = received > 0 ? { Range: `bytes=${received}-` } : {};
      const response = await fetcher(url, { headers, cache: 'no-store' });
      if (response.status === 200 && received > 0) {
        chunks.length = 0; // the server ignored the Range: start over
        received = 0;
      } else if (!response.ok) {
        throw new DownloadFailed(`the download was refused (HTTP ${response.status})`, response.status);
      }
      const reader = response.body!.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        options.onBytes?.(received);
      }
      if (received !== expectedSize) {
        throw new DownloadFailed(`the download ended after ${received} of ${expectedSize} bytes`);
      }
      const all = new Uint8Array(received);
      let offset = 0;
      for (const c of chunks) {
        all.set(c, offset);
        offset += c.byteLength;
      }
      return all;
    } catch (e) {
      lastError = e;
      if (e instanceof DownloadFailed && e.status !== undefined && e.status < 500) throw e; // 403/404: retry is no use
      if (received > expectedSize) {
        chunks.length = 0;
        received = 0;
      }
    }
  }
  throw lastError instanceof Error ? lastError : new DownloadFailed('the download failed');
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
