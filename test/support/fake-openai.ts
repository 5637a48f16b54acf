/**
 * A fake OpenAI server on loopback speaking the real chat-completions wire format. Tests decide the reply
 * per request; every request body is recorded so tests can check what reached "OpenAI".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  model: string;
  messages: { role: string; content: string; tool_call_id?: string }[];
  tools?: { function: { name: string } }[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown } };
}

/** What a handler returns: the JSON content of the assistant message, an HTTP error, or a hang. */
export type FakeReply =
  | { content: string }
  | { toolCalls: { id: string; name: string; arguments: string }[] }
  | { status: number; error: string }
  | { hang: true };

export interface FakeOpenAi {
  baseUrl: string;
  requests: ChatRequest[];
  setHandler(handler: (request: ChatRequest) => FakeReply | Promise<FakeReply>): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: ChatRequest[] = [];
  let handler: (request: ChatRequest) => FakeReply | Promise<FakeReply> = () => ({ status: 500, error: 'no handler' });
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found', type: 'invalid_request_error' } }));
      return;
    }
    if (req.headers.authorization !== 'Bearer sk-test') {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as ChatRequest;
    requests.push(body);
    const reply = await handler(body);
    if ('hang' in reply) {
      hanging.add(res);
      return;
    }
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: reply.error, type: 'server_error', param: null, code: null } }));
      return;
    }
    const message = 'toolCalls' in reply
      ? {
        role: 'assistant', content: null, refusal: null,
        tool_calls: reply.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      }
      : { role: 'assistant', content: reply.content, refusal: null };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({
      id: `chatcmpl-${requests.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: 'toolCalls' in reply ? 'tool_calls' : 'stop' }],
      usage: { prompt_tokens: 50, completion_tokens: 20, total_tokens: 70 },
    }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    setHandler(h) {
      handler = h;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The schema name the assistant asked for: "classification" or "answer". */
export function formatName(request: ChatRequest): string | undefined {
  return request.response_format?.json_schema?.name;
}
