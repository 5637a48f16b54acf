import type { Db } from '../db/pool';
import type { IssueMessage } from '../domain/issue';
import { attachmentsOfMessages } from './attachment-rows';
import type { Attachments, LinkedAttachment } from './attachments';

/**
 * The issue's messages with their files and fresh signed links, for whoever was allowed to read the issue:
 * inbound files were stored at intake under the channel's message id, outbound ones carry their refs.
 */
export async function messagesWithAttachments(
  db: Db, attachments: Attachments, customerId: string, messages: IssueMessage[], baseUrl?: string,
): Promise<(Omit<IssueMessage, 'attachments'> & { attachments?: LinkedAttachment[] })[]> {
  const stored = await attachmentsOfMessages(db, customerId, messages);
  return Promise.all(messages.map(async (m) => {
    const files = stored.get(m.id) ?? m.attachments;
    const { attachments: _refs, ...message } = m;
    return files && files.length > 0 ? { ...message, attachments: await attachments.withLinks(files, baseUrl) } : message;
  }));
}
