import { describe, expect, it } from 'vitest';
import { folderName } from '../src/content/folderName';
import { DownloadFailed, fetchResumable, sha256Hex } from '../src/content/fetchResumable';
import { mediaType } from '../src/content/mediaType';
import { withRange } from '../src/content/rangeResponse';
import { parseSubmitMessage } from '../src/sync/recorder';
import { Backoff } from '../src/sync/backoff';

describe('folderName', () => {
  it('writes the contract example', () => {
    expect(folderName('block-v1:Org+C+R+type@html+block@intro')).toBe('block-v1~3AOrg~2BC~2BR~2Btype~40html~2Bblock~40intro');
  });
  it('encodes each UTF-8 byte of other characters', () => {
    expect(folderName('a é/☃')).toBe('a~20~C3~A9~2F~E2~98~83');
  });
});

describe('withRange', () => {
  const file = () => new Response(new Blob([new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]), { headers: { 'Content-Type': 'video/mp4' } });
  it('answers 206 with Content-Range for bytes=a-b', async () => {
    const r = await withRange(file(), 'bytes=2-4');
    expect(r.status).toBe(206);
    expect(r.headers.get('Content-Range')).toBe('bytes 2-4/10');
    expect(r.headers.get('Content-Type')).toBe('video/mp4');
    expect([...new Uint8Array(await r.arrayBuffer())]).toEqual([2, 3, 4]);
  });
  it('answers open-ended and suffix ranges', async () => {
    expect([...new Uint8Array(await (await withRange(file(), 'bytes=8-')).arrayBuffer())]).toEqual([8, 9]);
    expect([...new Uint8Array(await (await withRange(file(), 'bytes=-3')).arrayBuffer())]).toEqual([7, 8, 9]);
  });
  it('answers 416 past the end and the whole file without a Range', async () => {
    expect((await withRange(file(), 'bytes=10-')).status).toBe(416);
    expect((await withRange(file(), null)).status).toBe(200);
  });
});

describe('fetchResumable', () => {
  const bytes = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));

  it('goes on with a Range request after the connection broke half-way', async () => {
    const ranges: (string | null)[] = [];
    let call = 0;
    const fetcher = (async (_url: string, init?: RequestInit) => {
      const range = new Headers(init?.headers).get('Range');
      ranges.push(range);
      const from = range ? Number(/bytes=(\d+)-/.exec(range)![1]) : 0;
      const first = call++ === 0;
      let reads = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(c) {
          if (reads++ === 0) c.enqueue(bytes.slice(from, first ? 40 : 100));
          else if (first) c.error(new TypeError('network lost'));
          else c.close();
        },
      });
      return new Response(body, { status: range ? 206 : 200 });
    }) as typeof fetch;
    const got = await fetchResumable('http://s3/x', 100, { fetcher, retryDelayMs: 1 });
    expect(ranges).toEqual([null, 'bytes=40-']);
    expect(await sha256Hex(got)).toBe(await sha256Hex(bytes));
  });

  it('does not retry a refused download (an expired link is a 403)', async () => {
    let calls = 0;
    const fetcher = (async () => (calls++, new Response('no', { status: 403 }))) as unknown as typeof fetch;
    await expect(fetchResumable('http://s3/x', 100, { fetcher, retryDelayMs: 1 })).rejects.toBeInstanceOf(DownloadFailed);
    expect(calls).toBe(1);
  });

  it('computes the sha256 in hex', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('parseSubmitMessage', () => {
  it('reads the JSON text a problem page hands over', () => {
    const m = parseSubmitMessage(JSON.stringify({ type: 'satchel.problem.submit', courseId: 'c', blockId: 'p', answers: { q: 'a' },
      submittedAt: '2026-11-21T10:15:30.123Z' }));
    expect(m?.blockId).toBe('p');
  });
  it('ignores other messages and broken text', () => {
    expect(parseSubmitMessage('{"type":"other"}')).toBeNull();
    expect(parseSubmitMessage('not json')).toBeNull();
    expect(parseSubmitMessage({ type: 'satchel.problem.submit', courseId: 'c', blockId: 'p' })).toBeNull();
  });
});

describe('mediaType and Backoff', () => {
  it('names the types a block archive holds', () => {
    expect(mediaType('static/intro.MP4')).toBe('video/mp4');
    expect(mediaType('index.html')).toBe('text/html; charset=utf-8');
    expect(mediaType('a.vtt')).toBe('text/vtt; charset=utf-8');
  });
  it('doubles the wait while syncs fail, up to the cap, and goes back to steady after a success', () => {
    const b = new Backoff(60_000, 5_000, 40_000, () => 0.5);
    expect([b.failed(), b.failed(), b.failed(), b.failed(), b.failed()]).toEqual([5000, 10000, 20000, 40000, 40000]);
    expect(b.succeeded()).toBe(60_000);
    expect(b.failed()).toBe(5000);
  });
});
