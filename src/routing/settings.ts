import { ConfigError } from '../config-error';
import { parseDuration } from '../domain/duration';

export interface RoutingSettings {
  /** how long an operator has to accept (claim) an offered task before it goes to the next (ROUTING_OFFER_TIMEOUT) */
  offerTimeoutMs: number;
}

const DEFAULT_OFFER_TIMEOUT = '60s';
const MIN_OFFER_TIMEOUT_MS = 5_000;

export function loadRoutingSettings(env: NodeJS.ProcessEnv): RoutingSettings {
  const raw = env.ROUTING_OFFER_TIMEOUT?.trim() || DEFAULT_OFFER_TIMEOUT;
  let offerTimeoutMs: number;
  try {
    offerTimeoutMs = parseDuration(raw);
  } catch (error) {
    throw new ConfigError(`ROUTING_OFFER_TIMEOUT: ${(error as Error).message}`);
  }
  if (offerTimeoutMs < MIN_OFFER_TIMEOUT_MS) {
    throw new ConfigError(`ROUTING_OFFER_TIMEOUT must be at least ${MIN_OFFER_TIMEOUT_MS / 1000}s (an operator needs time to look)`);
  }
  return { offerTimeoutMs };
}
