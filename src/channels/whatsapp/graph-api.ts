import { z } from 'zod';
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

export type OutgoingWhatsAppMessage =
  | { type: 'text'; text: { body: string; preview_url?: boolean } }
  | { type: 'template'; template: { name: string; language: { code: string } } };

/** Sends messages from our business phone number: POST {base}/{phone-number-id}/messages. */
export class WhatsAppGraphApi {
  constructor(private readonly settings: WhatsAppSettings, private readonly timeoutMs = 10_000) {}

  /** Returns the wamid of the sent message. */
  async sendMessage(to: string, message: OutgoingWhatsAppMessage): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.settings.apiBaseUrl}/${this.settings.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.settings.accessToken}` },
        body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...message }),
        signal: AbortSignal.timeout(this.timeoutMs),
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
    const sent = sentSchema.safeParse(body);
    if (!sent.success) throw new GraphApiError(response.status, undefined, 'unexpected answer shape');
    return sent.data.messages[0].id;
  }
}
