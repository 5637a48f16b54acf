import path from 'node:path';
import { loadConfig, type AppConfig } from '../config';
import { generateSecret } from '../db/credentials';
import { PAYLOAD_KEY_FILE, readOrCreatePayloadKey } from '../temporal/payload-key-file';

/**
 * What `npm start` adds on one machine: payload encryption on by default, with a key generated once and kept
 * in DATA_DIR (PAYLOAD_ENCRYPTION_KEY overrides it), and a fresh codec access key per run for the local
 * Temporal UI's codec endpoint (CODEC_ACCESS_KEY overrides it).
 */
export async function localDefaults(config: AppConfig): Promise<AppConfig> {
  const env: NodeJS.ProcessEnv = { ...config.env };
  if (!config.dataConverter) env.PAYLOAD_ENCRYPTION_KEY = await readOrCreatePayloadKey(path.resolve(config.dataDir, PAYLOAD_KEY_FILE));
  if (!config.codecAccessKey) env.CODEC_ACCESS_KEY = generateSecret('cx');
  return loadConfig(env);
}
