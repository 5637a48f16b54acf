/**
 * `npm start` encrypts Temporal payloads by default: a key generated once and kept in DATA_DIR (mode 0600),
 * PAYLOAD_ENCRYPTION_KEY overriding it; the local UI's codec endpoint gets a fresh access key per run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { localDefaults } from '../../src/cli/local-defaults';
import { loadConfig } from '../../src/config';
import { PAYLOAD_KEY_FILE, readOrCreatePayloadKey } from '../../src/temporal/payload-key-file';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'sb-keys-'));

describe('payload key file', () => {
  it('is created once with mode 0600 and read back the same', async () => {
    const file = path.join(tempDir(), 'nested', PAYLOAD_KEY_FILE);
    const first = await readOrCreatePayloadKey(file);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readOrCreatePayloadKey(file)).toBe(first);
  });

  it('tightens a key file others could read', async () => {
    const file = path.join(tempDir(), PAYLOAD_KEY_FILE);
    const key = randomBytes(32).toString('base64');
    writeFileSync(file, `${key}\n`, { mode: 0o644 });
    expect(await readOrCreatePayloadKey(file)).toBe(key);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('npm start defaults', () => {
  it('turns payload encryption on with the key from the data folder', async () => {
    const dataDir = tempDir();
    const config = await localDefaults(loadConfig({ DATA_DIR: dataDir }));
    expect(config.dataConverter?.payloadCodecs).toHaveLength(1);
    const file = path.join(dataDir, PAYLOAD_KEY_FILE);
    expect(existsSync(file)).toBe(true);
    expect(config.env.PAYLOAD_ENCRYPTION_KEY).toBe(readFileSync(file, 'utf8').trim());
    expect(config.codecAccessKey).toMatch(/^cx_[A-Za-z0-9_-]{40,}$/);
    const again = await localDefaults(loadConfig({ DATA_DIR: dataDir }));
    expect(again.env.PAYLOAD_ENCRYPTION_KEY).toBe(config.env.PAYLOAD_ENCRYPTION_KEY);
    expect(again.codecAccessKey).not.toBe(config.codecAccessKey);
  });

  it('lets PAYLOAD_ENCRYPTION_KEY and CODEC_ACCESS_KEY override them', async () => {
    const dataDir = tempDir();
    const key = randomBytes(32).toString('base64');
    const config = await localDefaults(loadConfig({ DATA_DIR: dataDir, PAYLOAD_ENCRYPTION_KEY: key, CODEC_ACCESS_KEY: 'cx_mine' }));
    expect(config.env.PAYLOAD_ENCRYPTION_KEY).toBe(key);
    expect(config.codecAccessKey).toBe('cx_mine');
    expect(existsSync(path.join(dataDir, PAYLOAD_KEY_FILE))).toBe(false);
  });
});
