import { ConfigError } from '../config-error';

/**
 * Which proxies may name the client (X-Forwarded-For), as express's `trust proxy`: the client address decides
 * the per-client abuse limits, so behind a proxy on another host it must be trusted, or every visitor looks like
 * the proxy. TRUST_PROXY: `loopback` (default), a hop count, or comma-separated addresses/CIDRs/names
 * (`loopback`, `linklocal`, `uniquelocal`, `10.0.0.0/8`, …).
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv): string | number {
  const value = env.TRUST_PROXY?.trim() || 'loopback';
  if (/^\d+$/.test(value)) return Number(value);
  if (!/^[A-Za-z0-9.:/, -]+$/.test(value) || /^(true|\*)$/i.test(value)) {
    throw new ConfigError('TRUST_PROXY must be a hop count or a list of addresses, CIDRs or loopback/linklocal/uniquelocal (not "true": clients could then pick their own address)');
  }
  return value;
}
