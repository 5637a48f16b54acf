import { z } from 'zod';
import { ConfigError } from '../config-error';

/** Where attachments are kept and how big they may be (ATTACHMENTS_*), validated at start-up. */
export type AttachmentSettings = {
  maxBytes: number;
  /** how long a signed link to an attachment stays valid */
  urlTtlS: number;
  /** ATTACHMENTS_URL_SECRET: HMAC key of signed links; undefined = generated once and kept in the database */
  urlSecret?: string;
  storage:
    | { kind: 'local'; dir?: string }
    | { kind: 's3'; endpoint?: string; bucket: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
};

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

const blankIsUnset = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = z.preprocess(blankIsUnset, z.string().trim().optional());

const schema = z.object({
  ATTACHMENTS_STORAGE: z.preprocess(blankIsUnset, z.enum(['local', 's3']).default('local')),
  ATTACHMENTS_DIR: text,
  ATTACHMENTS_MAX_BYTES: z.preprocess(blankIsUnset, z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(DEFAULT_MAX_BYTES)),
  ATTACHMENTS_URL_TTL_SECONDS: z.preprocess(blankIsUnset, z.coerce.number().int().min(30).max(7 * 86_400).default(900)),
  ATTACHMENTS_URL_SECRET: z.preprocess(blankIsUnset, z.string().min(16, 'must be at least 16 characters').optional()),
  ATTACHMENTS_S3_ENDPOINT: z.preprocess(blankIsUnset, z.url().optional()),
  ATTACHMENTS_S3_BUCKET: text,
  ATTACHMENTS_S3_REGION: z.preprocess(blankIsUnset, z.string().trim().default('us-east-1')),
  ATTACHMENTS_S3_ACCESS_KEY_ID: text,
  ATTACHMENTS_S3_SECRET_ACCESS_KEY: text,
  ATTACHMENTS_S3_FORCE_PATH_STYLE: z.preprocess(blankIsUnset, z.enum(['true', 'false', '1', '0']).optional()),
});

export function loadAttachmentSettings(env: NodeJS.ProcessEnv): AttachmentSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid attachment settings:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  const base = { maxBytes: e.ATTACHMENTS_MAX_BYTES, urlTtlS: e.ATTACHMENTS_URL_TTL_SECONDS, urlSecret: e.ATTACHMENTS_URL_SECRET };
  if (e.ATTACHMENTS_STORAGE === 'local') return { ...base, storage: { kind: 'local', dir: e.ATTACHMENTS_DIR } };
  if (!e.ATTACHMENTS_S3_BUCKET) throw new ConfigError('ATTACHMENTS_STORAGE=s3 needs ATTACHMENTS_S3_BUCKET');
  if (Boolean(e.ATTACHMENTS_S3_ACCESS_KEY_ID) !== Boolean(e.ATTACHMENTS_S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('set both ATTACHMENTS_S3_ACCESS_KEY_ID and ATTACHMENTS_S3_SECRET_ACCESS_KEY, or neither (the SDK\'s default credentials)');
  }
  return {
    ...base,
    storage: {
      kind: 's3', endpoint: e.ATTACHMENTS_S3_ENDPOINT, bucket: e.ATTACHMENTS_S3_BUCKET, region: e.ATTACHMENTS_S3_REGION,
      accessKeyId: e.ATTACHMENTS_S3_ACCESS_KEY_ID, secretAccessKey: e.ATTACHMENTS_S3_SECRET_ACCESS_KEY,
      // MinIO and most self-hosted S3 services want path-style URLs; AWS itself prefers virtual hosts
      forcePathStyle: e.ATTACHMENTS_S3_FORCE_PATH_STYLE ? ['true', '1'].includes(e.ATTACHMENTS_S3_FORCE_PATH_STYLE) : Boolean(e.ATTACHMENTS_S3_ENDPOINT),
    },
  };
}
