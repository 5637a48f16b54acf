import { z } from 'zod';
import { VK_API_VERSION, type VkSettings } from './settings';

/** A method call VK answered with `{error: {error_code, error_msg}}` (VK answers HTTP 200 even then). */
export class VkApiError extends Error {
  override name = 'VkApiError';
  constructor(readonly method: string, readonly code: number, readonly description: string) {
    super(`VK ${method} failed: error ${code} ${description}`);
  }
}

const errorSchema = z.object({ error: z.object({ error_code: z.number().int(), error_msg: z.string().default('') }).loose() }).loose();
const answerSchema = z.object({ response: z.unknown() }).loose();

/**
 * A minimal VK API client: POST {base}/{method} with form parameters, `{response}` or `{error}` back. The token
 * goes in the form body, never in a URL, so nothing logged holds it.
 */
export class VkApi {
  constructor(private readonly settings: VkSettings, private readonly timeoutMs = 10_000) {}

  async call<T>(method: string, params: Record<string, string | number>, resultSchema: z.ZodType<T>): Promise<T> {
    const form = new URLSearchParams({ access_token: this.settings.accessToken, v: VK_API_VERSION });
    for (const [key, value] of Object.entries(params)) form.set(key, String(value));
    let response: Response;
    try {
      response = await fetch(`${this.settings.apiBaseUrl}/${method}`, {
        method: 'POST', body: form, signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new Error(`VK ${method} unreachable: ${(error as Error).name}`);
    }
    if (!response.ok) throw new Error(`VK ${method} answered HTTP ${response.status}`);
    const answer: unknown = await response.json().catch(() => undefined);
    const failed = errorSchema.safeParse(answer);
    if (failed.success) throw new VkApiError(method, failed.data.error.error_code, failed.data.error.error_msg);
    const parsed = answerSchema.safeParse(answer);
    if (!parsed.success) throw new Error(`VK ${method}: unreadable answer`);
    const result = resultSchema.safeParse(parsed.data.response);
    if (!result.success) throw new Error(`VK ${method}: unexpected answer shape`);
    return result.data;
  }
}

const uploadedSchema = z.object({ file: z.string().min(1) }).loose();

/**
 * POST of a file to an upload server VK named (docs.getMessagesUploadServer): multipart `file`, answered
 * `{file}` to save with docs.save, or `{error}`.
 */
export async function uploadToVk(uploadUrl: string, bytes: Buffer, name: string, contentType: string, timeoutMs = 60_000): Promise<string> {
  if (!/^https?:\/\//i.test(uploadUrl)) throw new Error('VK named an upload server that is not an http(s) URL');
  const form = new FormData();
  form.set('file', new Blob([new Uint8Array(bytes)], { type: contentType }), name);
  let response: Response;
  try {
    response = await fetch(uploadUrl, { method: 'POST', body: form, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new Error(`VK upload server unreachable: ${(error as Error).name}`);
  }
  if (!response.ok) throw new Error(`VK upload server answered HTTP ${response.status}`);
  const answer = uploadedSchema.safeParse(await response.json().catch(() => undefined));
  if (!answer.success) throw new Error('VK upload server: no file in its answer');
  return answer.data.file;
}
