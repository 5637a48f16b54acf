/** A download that stopped because the file is larger than we take; `size` is what we know of it (at least). */
export class DownloadTooLarge extends Error {
  override name = 'DownloadTooLarge';
  constructor(readonly size: number) {
    super(`the file is larger than allowed (${size} bytes or more)`);
  }
}

/**
 * GETs a file, reading at most `maxBytes` of it: a Content-Length above the limit stops it before the body, a
 * body that runs past the limit is cut off, so a platform's huge file never sits in our memory whole.
 */
export async function downloadCapped(
  url: string, { maxBytes, headers = {}, timeoutMs = 30_000 }: { maxBytes: number; headers?: Record<string, string>; timeoutMs?: number },
): Promise<Buffer> {
  if (!/^https?:\/\//i.test(url)) throw new Error('not an http(s) URL');
  const response = await fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new Error(`download answered HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body.cancel().catch(() => undefined);
    throw new DownloadTooLarge(declared);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += chunk.length;
    if (received > maxBytes) throw new DownloadTooLarge(received);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
