import { z } from 'zod';
import type { TelegramSettings } from './settings';

/** A Bot API call that Telegram answered with `ok: false` (or an unreadable non-2xx answer). */
export class TelegramApiError extends Error {
  override name = 'TelegramApiError';
  constructor(
    readonly method: string,
    readonly status: number,
    readonly description: string,
    /** seconds Telegram asks us to wait (429 Too Many Requests) */
    readonly retryAfter?: number,
  ) {
    super(`Telegram ${method} failed: ${status} ${description}`);
  }
}

const responseSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error_code: z.number().int(),
    description: z.string().default(''),
    parameters: z.object({ retry_after: z.number().optional() }).loose().optional(),
  }),
]);

/**
 * A minimal Bot API client: POST {base}/bot{token}/{method} with a JSON body, `{ok, result}` back. The token
 * is part of the URL, so URLs are never logged or put in error messages.
 */
export class TelegramBotApi {
  constructor(private readonly settings: TelegramSettings, private readonly timeoutMs = 10_000) {}

  async call<T>(method: string, params: Record<string, unknown> | FormData, resultSchema: z.ZodType<T>): Promise<T> {
    let response: Response;
    // a file upload (sendDocument, sendPhoto) is multipart/form-data; everything else JSON
    const form = params instanceof FormData;
    try {
      response = await fetch(`${this.settings.apiBaseUrl}/bot${this.settings.botToken}/${method}`, {
        method: 'POST',
        headers: form ? {} : { 'content-type': 'application/json' },
        body: form ? params : JSON.stringify(params),
        signal: AbortSignal.timeout(form ? this.timeoutMs * 6 : this.timeoutMs),
      });
    } catch (error) {
      // Network trouble or a timeout: the caller may retry; say which without the URL (it holds the token).
      throw new Error(`Telegram ${method} unreachable: ${(error as Error).name}`);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) {
      throw new TelegramApiError(method, response.status, response.ok ? 'unreadable answer' : response.statusText);
    }
    const body = parsed.data;
    if (!body.ok) {
      throw new TelegramApiError(method, body.error_code, body.description, body.parameters?.retry_after);
    }
    const result = resultSchema.safeParse(body.result);
    if (!result.success) throw new TelegramApiError(method, response.status, 'unexpected result shape');
    return result.data;
  }
}
