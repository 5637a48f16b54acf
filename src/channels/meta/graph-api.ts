import { z } from 'zod';
import { normaliseText } from '../../domain/safe-text';
import type { MetaSettings } from './settings';

/** An error answer of the Graph API: `{error: {message, type, code, error_subcode?}}`. */
export class MetaGraphError extends Error {
  override name = 'MetaGraphError';
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
    readonly detail: string,
    /** seconds from a Retry-After header, when Meta sent one */
    readonly retryAfter?: number,
  ) {
    super(`Meta Graph API answered ${status}${code !== undefined ? ` (code ${code}${subcode ? `/${subcode}` : ''})` : ''}: ${detail}`);
  }
}

const errorSchema = z.object({
  error: z.object({
    message: z.string().default(''),
    code: z.number().int().optional(),
    error_subcode: z.number().int().optional(),
  }).loose(),
});

const sentSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string().min(1) }).loose();
const createdSchema = z.object({ id: z.string().min(1) }).loose();
const successSchema = z.object({ success: z.literal(true) }).loose();
const profileName = z.string().max(200).transform(normaliseText).optional();
const profileSchema = z.object({ first_name: profileName, last_name: profileName, name: profileName, username: profileName }).loose();

/** A file Meta fetches from a link of ours (Send API `attachment`), shown as a photo, a player or a file. */
export type AttachmentMessage = { attachment: { type: 'image' | 'video' | 'audio' | 'file'; payload: { url: string; is_reusable: false } } };

export type MessagingBody =
  | { recipient: { id: string } | { comment_id: string }; messaging_type: 'RESPONSE'; message: { text: string } | AttachmentMessage }
  | { recipient: { id: string }; messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT'; message: { text: string } | AttachmentMessage };

function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/**
 * The page's side of the Graph API: the Send API (Messenger and Instagram Direct, private replies to comments)
 * and replies under comments. The page token travels in the Authorization header, never in a URL.
 */
export class MetaGraphApi {
  constructor(private readonly settings: MetaSettings, private readonly timeoutMs = 10_000) {}

  private async request<T>(method: 'GET' | 'POST', path: string, body: unknown, schema: z.ZodType<T>, timeoutMs = this.timeoutMs): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.graphBaseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.settings.pageAccessToken}` },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(`Meta Graph API unreachable: ${(error as Error).name}`);
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = errorSchema.safeParse(answer);
      const error = parsed.success ? parsed.data.error : undefined;
      throw new MetaGraphError(response.status, error?.code, error?.error_subcode, error?.message || response.statusText,
        retryAfterSeconds(response.headers.get('retry-after')));
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new MetaGraphError(response.status, undefined, undefined, 'unexpected answer shape');
    return parsed.data;
  }

  /** POST /me/messages: returns Meta's message id and the recipient's PSID/IGSID. */
  async sendMessage(body: MessagingBody): Promise<{ messageId: string; recipientId?: string }> {
    const sent = await this.request('POST', '/me/messages', body, sentSchema);
    return { messageId: sent.message_id, recipientId: sent.recipient_id };
  }

  /** A public reply under a comment: Facebook `/{comment-id}/comments`, Instagram `/{comment-id}/replies`. */
  async replyToComment(platform: 'facebook' | 'instagram', commentId: string, text: string): Promise<string> {
    const edge = platform === 'facebook' ? 'comments' : 'replies';
    const created = await this.request('POST', `/${encodeURIComponent(commentId)}/${edge}`, { message: text }, createdSchema);
    return created.id;
  }

  /**
   * Hides or shows again a comment under the page's or account's post: Facebook `POST /{comment-id}` with
   * `is_hidden`, Instagram `POST /{ig-comment-id}` with `hide` (pages_manage_engagement / instagram_manage_comments).
   */
  async setCommentHidden(platform: 'facebook' | 'instagram', commentId: string, hidden: boolean): Promise<void> {
    await this.request('POST', `/${encodeURIComponent(commentId)}`, platform === 'facebook' ? { is_hidden: hidden } : { hide: hidden }, successSchema);
  }

  /**
   * The person's name from their profile (Messenger User Profile API: first and last name; Instagram: name or
   * username). Meta gives it only where the app has the permission and the person's settings allow it.
   */
  async profileName(platform: 'facebook' | 'instagram', personId: string, timeoutMs: number): Promise<string | undefined> {
    const fields = platform === 'facebook' ? 'first_name,last_name' : 'name,username';
    const profile = await this.request('GET', `/${encodeURIComponent(personId)}?fields=${fields}`, undefined, profileSchema, timeoutMs);
    const name = platform === 'facebook' ? [profile.first_name, profile.last_name].filter(Boolean).join(' ') : profile.name || profile.username;
    return name?.trim() || undefined;
  }
}
