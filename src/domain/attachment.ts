/**
 * A stored file as messages refer to it: small enough for workflow state and activity inputs. The bytes are in
 * attachment storage; they never pass through Temporal or the assistant.
 */
export interface AttachmentRef {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/** How the assistant (and a text-only channel) learns of files: their names, never their content. */
export function attachmentNotice(author: 'customer' | 'operator', refs: Pick<AttachmentRef, 'name'>[]): string {
  return refs.map((r) => `[${author} attached ${r.name}]`).join('\n');
}
