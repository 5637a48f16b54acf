/**
 * What the jest global setup hands to the test processes. It sets environment variables (inherited by the
 * test workers, which Jest starts after the global setup) and also writes them to a JSON file in the OS temp
 * dir; `loadTestEnv()` reads the variables and falls back to that file.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SwitchboardTestEnv {
  /** host:port of the shared Temporal dev server. */
  TEMPORAL_ADDRESS: string;
  TEMPORAL_NAMESPACE: string;
  /** PostgreSQL URL: the real server from CI's DATABASE_URL, or the embedded PGlite. */
  DATABASE_URL: string;
  SWITCHBOARD_DB_KIND: 'postgres' | 'pglite';
  /** Path of the workflow bundle built once for the run; absent when workflows/index.ts did not exist. */
  SWITCHBOARD_WORKFLOW_BUNDLE?: string;
}

const KEYS = [
  'TEMPORAL_ADDRESS',
  'TEMPORAL_NAMESPACE',
  'DATABASE_URL',
  'SWITCHBOARD_DB_KIND',
  'SWITCHBOARD_WORKFLOW_BUNDLE',
] as const;

/** Environment variable that carries the path of the JSON file. */
export const TEST_ENV_FILE_VAR = 'SWITCHBOARD_TEST_ENV_FILE';

/** The JSON file written by the global setup running in process `pid` (the jest parent). */
export function testEnvFilePath(pid: number): string {
  return path.join(os.tmpdir(), `switchboard-jest-${pid}.json`);
}

function readEnvFile(file: string): Partial<SwitchboardTestEnv> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<SwitchboardTestEnv>;
  } catch {
    return undefined;
  }
}

/**
 * The shared test services. Throws with a clear message outside a jest run (nothing started them).
 * Also copies the values into process.env, so code that reads process.env sees them.
 */
export function loadTestEnv(): SwitchboardTestEnv {
  if (!process.env.TEMPORAL_ADDRESS || !process.env.DATABASE_URL) {
    const candidates = [process.env[TEST_ENV_FILE_VAR], testEnvFilePath(process.pid), testEnvFilePath(process.ppid)];
    for (const file of candidates) {
      if (!file) continue;
      const fromFile = readEnvFile(file);
      if (!fromFile) continue;
      for (const key of KEYS) {
        const value = fromFile[key];
        if (value !== undefined && !process.env[key]) process.env[key] = value;
      }
      break;
    }
  }
  const { TEMPORAL_ADDRESS, DATABASE_URL, SWITCHBOARD_DB_KIND, SWITCHBOARD_WORKFLOW_BUNDLE } = process.env;
  if (!TEMPORAL_ADDRESS || !DATABASE_URL) {
    throw new Error(
      'The test services are not running: run the tests through jest (npm test), whose global setup ' +
        '(test/setup/global-setup.ts) starts Temporal and the database.',
    );
  }
  return {
    TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE || 'default',
    DATABASE_URL,
    SWITCHBOARD_DB_KIND: SWITCHBOARD_DB_KIND === 'postgres' ? 'postgres' : 'pglite',
    ...(SWITCHBOARD_WORKFLOW_BUNDLE ? { SWITCHBOARD_WORKFLOW_BUNDLE } : {}),
  };
}
