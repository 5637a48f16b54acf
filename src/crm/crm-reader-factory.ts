import { z } from 'zod';
import { ConfigError } from '../config-error';
import type { Db } from '../db/pool';
import type { CrmReader } from './crm-reader';
import { HttpCrmReader } from './http-crm-reader';
import { LocalCrmReader } from './local-crm-reader';

const envSchema = z.object({
  CRM_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  CRM_API_TOKEN: z.string().trim().optional().transform((v) => v || undefined),
  CRM_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

/** The company's CRM over HTTP when CRM_BASE_URL is set; otherwise the data pushed to or imported into Switchboard. */
export function crmReaderFromEnv(db: Db, env: NodeJS.ProcessEnv): CrmReader {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid CRM settings:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  if (!e.CRM_BASE_URL) return new LocalCrmReader(db);
  if (!e.CRM_API_TOKEN) throw new ConfigError('CRM_BASE_URL needs CRM_API_TOKEN');
  return new HttpCrmReader(db, { baseUrl: e.CRM_BASE_URL, token: e.CRM_API_TOKEN, timeoutMs: e.CRM_TIMEOUT_MS });
}
