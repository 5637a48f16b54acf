/**
 * The few public API calls the demo makes, as any integrator would: the API channel (customer side, channel key)
 * and the operator routes (admin token). Answers 429 and 503 are retried after their Retry-After; anything else
 * that is not 2xx throws with the API's error code.
 */
export interface ClientOptions { baseUrl: string; operatorToken: string; channelKey: string }

export interface CustomerMessage {
  id: string; issueId: string; direction: 'inbound' | 'outbound';
  author: 'customer' | 'assistant' | 'operator' | 'system'; text: string; createdAt: string;
}

export interface OpenTask { taskId: string; issueId: string; status: string; createdAt: string; firstResponseDueAt: string }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(`${status} ${code}: ${message}`);
  }
}

const RETRIES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class SwitchboardClient {
  constructor(private readonly options: ClientOptions) {}

  private async call<T>(method: string, path: string, credential: 'operator' | 'channel', body?: unknown): Promise<T> {
    const token = credential === 'operator' ? this.options.operatorToken : this.options.channelKey;
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if ((res.status === 429 || res.status === 503) && attempt < RETRIES) {
        await sleep(Math.min(30, Number(res.headers.get('retry-after')) || 1) * 1000);
        continue;
      }
      const text = await res.text();
      const json = text ? JSON.parse(text) : undefined;
      if (!res.ok) {
        throw new ApiError(res.status, json?.error?.code ?? 'http_error', json?.error?.message ?? text.slice(0, 200));
      }
      return json as T;
    }
  }

  health(): Promise<{ status: string }> {
    return this.call('GET', '/healthz', 'operator');
  }

  async articleTitles(): Promise<Set<string>> {
    const titles = new Set<string>();
    for (let offset = 0; ; offset += 100) {
      const page = await this.call<{ articles: { title: string }[] }>('GET', `/api/v1/kb/articles?limit=100&offset=${offset}`, 'operator');
      for (const a of page.articles) titles.add(a.title);
      if (page.articles.length < 100) return titles;
    }
  }

  addArticle(article: { title: string; body: string; language: string }): Promise<unknown> {
    return this.call('POST', '/api/v1/kb/articles', 'operator', { ...article, source: 'demo' });
  }

  sendMessage(messageId: string, externalId: string, name: string, text: string): Promise<{ issueId: string }> {
    return this.call('POST', '/api/v1/messages', 'channel', { messageId, customer: { externalId, name }, text });
  }

  async messages(externalId: string): Promise<CustomerMessage[]> {
    return (await this.call<{ messages: CustomerMessage[] }>('GET', `/api/v1/customers/${encodeURIComponent(externalId)}/messages?limit=100`, 'channel')).messages;
  }

  async openTasks(issueId: string): Promise<OpenTask[]> {
    return (await this.call<{ tasks: OpenTask[] }>('GET', `/api/v1/tasks?issueId=${encodeURIComponent(issueId)}`, 'operator')).tasks;
  }

  claim(taskId: string): Promise<unknown> {
    return this.call('POST', `/api/v1/tasks/${encodeURIComponent(taskId)}/claim`, 'operator');
  }

  reply(issueId: string, text: string): Promise<unknown> {
    return this.call('POST', `/api/v1/issues/${encodeURIComponent(issueId)}/replies`, 'operator', { text });
  }

  resolve(issueId: string): Promise<unknown> {
    return this.call('POST', `/api/v1/issues/${encodeURIComponent(issueId)}/resolve`, 'operator');
  }

  summary(from: Date, to: Date): Promise<Record<string, unknown>> {
    return this.call('GET', `/api/v1/analytics/summary?from=${from.toISOString()}&to=${to.toISOString()}`, 'operator');
  }

  async defaultSlaTargets(): Promise<{ name: string; firstResponse: string[] } | undefined> {
    const { policies } = await this.call<{ policies: { name: string; isDefault: boolean; targets: { firstResponse: string }[] }[] }>(
      'GET', '/api/v1/sla-policies', 'operator');
    const policy = policies.find((p) => p.isDefault);
    return policy && { name: policy.name, firstResponse: policy.targets.map((t) => t.firstResponse) };
  }
}
