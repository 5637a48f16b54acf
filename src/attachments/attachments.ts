import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/pool';
import { loadOrCreateStoredSecret } from '../db/stored-secret';
import type { AttachmentRef } from '../domain/attachment';
import { PermanentDeliveryError, type OutboundAttachment } from '../channels/outbound';
import { findAttachment, insertAttachment, inboundAttachmentsOf, refOfRow, type AttachmentRow, type NewAttachmentRow } from './attachment-rows';
import { AttachmentRefused, inspectFile, type InspectedFile } from './file-types';
import type { AttachmentSettings } from './settings';
import { SignedLinks } from './signed-links';
import type { AttachmentStorage } from './storage';

/** A file as a channel received it: the bytes and the name the sender gave (both untrusted). */
export interface IncomingFile {
  bytes: Buffer;
  declaredName?: string;
}

/** Checked files, ready to store. */
export interface InspectedUpload extends InspectedFile {
  bytes: Buffer;
}

/** An attachment with a link the caller may hand on (valid for ATTACHMENTS_URL_TTL_SECONDS). */
export interface LinkedAttachment extends AttachmentRef {
  url: string;
}

/** Most files one message may carry. */
export const MAX_FILES_PER_MESSAGE = 10;

/**
 * Attachments: checks files (size, type sniffed from the content), stores them, records them and signs links to
 * them. Used by the gateway (intake, operator uploads, downloads) and the worker (outbound delivery).
 */
export class Attachments {
  readonly links: SignedLinks;
  private secret?: Promise<string>;

  constructor(readonly db: Db, readonly storage: AttachmentStorage, readonly settings: AttachmentSettings) {
    this.links = new SignedLinks(() => this.urlSecret(), settings.urlTtlS);
  }

  get maxBytes(): number {
    return this.settings.maxBytes;
  }

  /** Every file checked before any is stored; the first refusal (too large, type not allowed) is thrown. */
  async inspect(files: IncomingFile[]): Promise<InspectedUpload[]> {
    if (files.length > MAX_FILES_PER_MESSAGE) {
      throw new AttachmentRefused(413, 'too_many_attachments', `at most ${MAX_FILES_PER_MESSAGE} files per message`, files[0]?.declaredName ?? '');
    }
    const inspected: InspectedUpload[] = [];
    for (const file of files) inspected.push({ ...(await inspectFile(file.bytes, file.declaredName, this.maxBytes)), bytes: file.bytes });
    return inspected;
  }

  /**
   * Stores an inbound message's files, keyed by the channel's message id: a re-delivery finds the first copy
   * (and stores nothing new), so the workflow's dedup and ours agree.
   */
  async storeInbound(
    message: { customerId: string; channel: string; externalMessageId: string }, files: InspectedUpload[],
  ): Promise<AttachmentRef[]> {
    const existing = await inboundAttachmentsOf(this.db, message.customerId, message.channel, message.externalMessageId);
    const refs: AttachmentRef[] = [];
    for (const [ordinal, file] of files.entries()) {
      const earlier = existing.find((r) => r.ordinal === ordinal);
      if (earlier) { refs.push(refOfRow(earlier)); continue; }
      const row = await this.store(file, {
        direction: 'inbound', customer_id: message.customerId, channel: message.channel, external_message_id: message.externalMessageId, ordinal,
      });
      // a concurrent re-delivery won the insert: use its row
      refs.push(refOfRow(row ?? (await inboundAttachmentsOf(this.db, message.customerId, message.channel, message.externalMessageId))[ordinal]!));
    }
    return refs;
  }

  /** An operator's file for a reply on an issue; sent when a reply names it (POST .../replies attachmentIds). */
  async storeOperatorUpload(issueId: string, customerId: string, operatorId: string, file: InspectedUpload): Promise<AttachmentRef> {
    const row = await this.store(file, { direction: 'outbound', issue_id: issueId, customer_id: customerId, uploaded_by: operatorId, ordinal: 0 });
    return refOfRow(row!);
  }

  async withLinks(rows: AttachmentRow[] | AttachmentRef[], baseUrl = ''): Promise<LinkedAttachment[]> {
    return Promise.all(rows.map(async (r) => {
      const ref = 'file_name' in r ? refOfRow(r) : r;
      return { ...ref, url: `${baseUrl}${await this.links.pathFor(ref.id)}` };
    }));
  }

  async bytesOf(row: Pick<AttachmentRow, 'storage_key'>): Promise<Buffer | undefined> {
    return this.storage.get(row.storage_key);
  }

  /** Files for a channel to send: signed links (absolute with PUBLIC_URL) and their bytes when it asks. */
  async outbound(refs: AttachmentRef[], baseUrl = ''): Promise<OutboundAttachment[]> {
    return Promise.all(refs.map(async (ref) => ({
      ...ref,
      url: `${baseUrl}${await this.links.pathFor(ref.id)}`,
      read: async () => {
        const row = await findAttachment(this.db, ref.id);
        const bytes = row ? await this.bytesOf(row) : undefined;
        // gone from storage: no retry brings it back
        if (!bytes) throw new PermanentDeliveryError(`attachment ${ref.name} is no longer stored`);
        return bytes;
      },
    })));
  }

  private async store(file: InspectedUpload, row: Omit<NewAttachmentRow, 'id' | 'file_name' | 'content_type' | 'size_bytes' | 'sha256' | 'storage_key'>) {
    const id = randomUUID();
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
    await this.storage.put(key, file.bytes, file.contentType);
    const inserted = await insertAttachment(this.db, {
      ...row, id, file_name: file.name, content_type: file.contentType, size_bytes: file.size,
      sha256: createHash('sha256').update(file.bytes).digest('hex'), storage_key: key,
    });
    // lost a race with a re-delivery of the same message: its copy stands, ours goes
    if (!inserted) await this.storage.delete(key);
    return inserted;
  }

  private urlSecret(): Promise<string> {
    if (this.settings.urlSecret) return Promise.resolve(this.settings.urlSecret);
    this.secret ??= loadOrCreateStoredSecret(this.db, 'attachments', 'url-signing').catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }
}
