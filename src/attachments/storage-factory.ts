import { join } from 'node:path';
import { LocalDiskStorage } from './local-storage';
import { S3Storage } from './s3-storage';
import type { AttachmentSettings } from './settings';
import type { AttachmentStorage } from './storage';

/** The storage the settings name: S3 when ATTACHMENTS_STORAGE=s3, else files under the data folder. */
export function createAttachmentStorage(settings: AttachmentSettings, dataDir: string): AttachmentStorage {
  if (settings.storage.kind === 's3') return new S3Storage(settings.storage);
  return new LocalDiskStorage(settings.storage.dir ?? join(dataDir, 'attachments'));
}
