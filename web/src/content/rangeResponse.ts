/** Answers a Range request from a stored file (video seeking); whole file otherwise. */
export async function withRange(stored: Response, rangeHeader: string | null): Promise<Response> {
  if (!rangeHeader) return stored;
  const match = /^bytes=(\d*)-(\d*)$/.exec(rangeHeader.trim());
  const blob = await stored.blob();
  const size = blob.size;
  const type = stored.headers.get('Content-Type') ?? 'application/octet-stream';
  if (!match || (match[1] === '' && match[2] === '')) return unsatisfiable(size);
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2])); // the last N bytes
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) return unsatisfiable(size);
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: {
      'Content-Type': type,
      'Content-Length': String(end - start + 1),
      'Content-Range': `bytes ${start}-${end}/${size}`,
      'Accept-Ranges': 'bytes',
    },
  });
}

function unsatisfiable(size: number): Response {
  return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } });
}
