import type { Request } from 'express';

/** A request whose exact body bytes were kept by the JSON parser, for signature checks. */
export type RawBodyRequest = Request & { rawBody?: Buffer };

export function rawBodyOf(req: Request): Buffer {
  return (req as RawBodyRequest).rawBody ?? Buffer.alloc(0);
}
