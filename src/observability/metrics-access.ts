import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * /metrics (gateway and standalone worker) answers only `Authorization: Bearer <METRICS_TOKEN>`: the figures
 * describe the business (volumes, failures) and the process. Without METRICS_TOKEN nobody may scrape.
 */
export function metricsAuthorized(authorization: string | undefined, metricsToken: string | undefined): boolean {
  if (!metricsToken || !authorization) return false;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  // Compare digests so the comparison takes the same time whatever the length of the guess.
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(match[1]), digest(metricsToken));
}

export const METRICS_UNAUTHORIZED = {
  error: { code: 'unauthorized', message: 'metrics need Authorization: Bearer <METRICS_TOKEN>' },
};
