import { z } from 'zod';
import { downloadCapped, DownloadTooLarge } from '../../net/capped-download';
import type { WhatsAppSettings } from './settings';

/** An error answer of the Graph API: `{error: {message, type, code, error_data?: {details}}}`. */
export class GraphApiError extends Error {
  override name = 'GraphApiError';
  constructor(readonly status: number, readonly code: number | undefined, readonly detail: string) {
    super(`WhatsApp Cloud API answered ${status}${code !== undefined ? ` (code ${code})` : ''}: ${detail}`);
  }
}

const errorSchema = z.object({
  error: z.object({
    message: z.string().default(''),
    code: z.number().int().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  }).loose(),
});

const sentSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  messages: z.array(z.object({ id: z.string().min(1) }).loose()).min(1),
}).loose();

const mediaInfoSchema = z.object({ url: z.string().min(1), mime_type: z.string().optional(), file_size: z.number().int().nonnegative().optional() }).loose();
const uploadedSchema = z.object({ id: z.string().min(1) }).loose();

export type OutgoingWhatsAppMessage =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'template'; template: { name: string; language: { code: string } } }
  | { type: 'image'; image: { id: string } }
  | { type: 'document'; document: { id: string; filename: string } };

/** Sends messages from our business phone number (POST {base}/{phone-number-id}/messages) and moves media. */
export class WhatsAppGraphApi {
  constructor(private readonly settings: WhatsAppSettings, private readonly timeoutMs = 10_000) {}

  /** Returns the wamid of the sent message. */
  async sendMessage(to: string, message: OutgoingWhatsAppMessage): Promise<string> {
    const body = await this.request('POST', `/${this.settings.phoneNumberId}/messages`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message }),
    });
    const sent = sentSchema.safeParse(body);
    if (!sent.success) throw new GraphApiError(200, undefined, 'unexpected answer shape');
    return sent.data.messages[0].id;
  }

  /**
   * A customer's media: GET /{media-id} names a short-lived URL, which gives the bytes only with our token too.
   * A file over maxBytes (as Meta reports it, or as it streams) is DownloadTooLarge, fetched no further.
   */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<{ bytes: Buffer; mimeType?: string }> {
    const info = mediaInfoSchema.safeParse(await this.request('GET', `/${encodeURIComponent(mediaId)}`, {}));
    if (!info.success) throw new GraphApiError(200, undefined, 'unexpected media answer shape');
    if (info.data.file_size !== undefined && info.data.file_size > maxBytes) throw new DownloadTooLarge(info.data.file_size);
    const bytes = await downloadCapped(info.data.url, { maxBytes, headers: { authorization: `Bearer ${this.settings.accessToken}` } });
    return { bytes, mimeType: info.data.mime_type };
  }

  /** POST /{phone-number-id}/media (multipart): an operator's file, for a message that names it by id. */
  async uploadMedia(bytes: Buffer, contentType: string, name: string): Promise<string> {
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', contentType);
    form.set('file', new Blob([new Uint8Array(bytes)], { type: contentType }), name);
    const uploaded = uploadedSchema.safeParse(await this.request('POST', `/${this.settings.phoneNumberId}/media`, { body: form }, 60_000));
    if (!uploaded.success) throw new GraphApiError(200, undefined, 'unexpected upload answer shape');
    return uploaded.data.id;
  }

  private async request(method: 'GET' | 'POST', path: string, init: { headers?: Record<string, string>; body?: string | FormData }, timeoutMs = this.timeoutMs): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.apiBaseUrl}${path}`, {
        method,
        headers: { ...init.headers, authorization: `Bearer ${this.settings.accessToken}` },
        body: init.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(`WhatsApp Cloud API unreachable: ${(error as Error).name}`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = errorSchema.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      const detail = [error?.message, error?.error_data?.details].filter(Boolean).join(': ') || response.statusText;
      throw new GraphApiError(response.status, error?.code, detail);
    }
    return body;
  }
}
