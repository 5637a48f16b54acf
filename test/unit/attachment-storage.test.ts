import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDiskStorage } from '../../src/attachments/local-storage';
import { S3Storage } from '../../src/attachments/s3-storage';
import { loadAttachmentSettings } from '../../src/attachments/settings';
import type { AttachmentStorage } from '../../src/attachments/storage';
import { startFakeS3, type FakeS3 } from '../support/fake-s3';

/** The same contract for every backend: what was put comes back byte for byte, deleted is gone. */
function behavesAsStorage(make: () => AttachmentStorage) {
  it('returns the bytes it stored, and nothing for a key it never stored', async () => {
    const storage = make();
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
    await storage.put('2026/12/photo-1', bytes, 'image/png');
    expect(await storage.get('2026/12/photo-1')).toEqual(bytes);
    expect(await storage.get('2026/12/never-stored')).toBeUndefined();
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    const storage = make();
    await storage.put('2026/12/to-delete', Buffer.from('bye'), 'text/plain');
    await storage.delete('2026/12/to-delete');
    expect(await storage.get('2026/12/to-delete')).toBeUndefined();
    await expect(storage.delete('2026/12/to-delete')).resolves.toBeUndefined();
  });

  it('refuses a key that could leave its folder or bucket', async () => {
    await expect(make().put('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow(/invalid attachment storage key/);
  });
}

describe('local-disk attachment storage', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'sb-attachments-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
  behavesAsStorage(() => new LocalDiskStorage(dir));
});

describe('S3 attachment storage against an S3-compatible server', () => {
  let s3: FakeS3;
  beforeAll(async () => { s3 = await startFakeS3(); });
  afterAll(async () => { await s3.close(); });
  const make = () => {
    const settings = loadAttachmentSettings({
      ATTACHMENTS_STORAGE: 's3', ATTACHMENTS_S3_ENDPOINT: s3.endpoint, ATTACHMENTS_S3_BUCKET: s3.bucket,
      ATTACHMENTS_S3_ACCESS_KEY_ID: s3.accessKeyId, ATTACHMENTS_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    if (settings.storage.kind !== 's3') throw new Error('expected s3 settings');
    return new S3Storage(settings.storage);
  };
  behavesAsStorage(make);

  it('writes objects into the bucket under their key, path style', async () => {
    await make().put('2026/12/abc', Buffer.from('%PDF-1.4'), 'application/pdf');
    expect(s3.objects.get('2026/12/abc')).toMatchObject({ contentType: 'application/pdf' });
    expect(s3.requests).toContainEqual({ method: 'PUT', path: `/${s3.bucket}/2026/12/abc` });
  });

  it('fails loudly when the server refuses the credentials', async () => {
    const settings = loadAttachmentSettings({
      ATTACHMENTS_STORAGE: 's3', ATTACHMENTS_S3_ENDPOINT: s3.endpoint, ATTACHMENTS_S3_BUCKET: s3.bucket,
      ATTACHMENTS_S3_ACCESS_KEY_ID: 'SOMEONE-ELSE', ATTACHMENTS_S3_SECRET_ACCESS_KEY: 'x',
    });
    if (settings.storage.kind !== 's3') throw new Error('expected s3 settings');
    await expect(new S3Storage(settings.storage).put('2026/12/x', Buffer.from('x'), 'text/plain')).rejects.toThrow(/Signature|AccessDenied/);
  });
});

describe('attachment settings', () => {
  it('defaults to the local disk and 10 MiB', () => {
    expect(loadAttachmentSettings({})).toMatchObject({ maxBytes: 10 * 1024 * 1024, storage: { kind: 'local' } });
  });
  it('stops the start on a bad value', () => {
    expect(() => loadAttachmentSettings({ ATTACHMENTS_MAX_BYTES: 'ten' })).toThrow(/ATTACHMENTS_MAX_BYTES/);
    expect(() => loadAttachmentSettings({ ATTACHMENTS_STORAGE: 's3' })).toThrow(/ATTACHMENTS_S3_BUCKET/);
    expect(() => loadAttachmentSettings({ ATTACHMENTS_STORAGE: 'ftp' })).toThrow(/ATTACHMENTS_STORAGE/);
  });
});
