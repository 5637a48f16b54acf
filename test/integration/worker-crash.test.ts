/**
 * The worker process is killed (SIGKILL) while the assistant is mid-call, a message arrives while no worker is
 * running, and a new worker process takes over: every message is answered, and no reply is sent twice.
 */
import { randomUUID } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';
import { formatName, startFakeOpenAi, type FakeOpenAi } from '../support/fake-openai';
import { startWebhookReceiver } from '../support/webhook-receiver';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process';

let sys: TestSystem;
let openai: FakeOpenAi;
let webhook: Awaited<ReturnType<typeof startWebhookReceiver>>;
let child: WorkerProcess | undefined;

function spawnWorker(): WorkerProcess {
  return spawnWorkerProcess({
    DATABASE_URL: sys.config.databaseUrl,
    TEMPORAL_ADDRESS: sys.config.temporal.address,
    TEMPORAL_TASK_QUEUE: sys.config.temporal.taskQueue,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: openai.baseUrl,
    API_CHANNEL_WEBHOOK_URL: webhook.url,
    API_CHANNEL_WEBHOOK_SECRET: 'whsec_crash',
  });
}

beforeAll(async () => {
  openai = await startFakeOpenAi();
  webhook = await startWebhookReceiver();
  // The gateway runs in the test process; the worker runs in a child process we can kill.
  sys = await startTestSystem({}, { worker: false });
  await sys.api('POST', '/api/v1/kb/articles', {
    token: sys.adminToken,
    body: { title: 'Tracking a parcel', body: 'Every parcel gets a tracking number by e-mail once it leaves our warehouse.' },
  });
});

afterAll(async () => {
  await child?.kill();
  await sys?.stop();
  await openai?.close();
  await webhook?.close();
});

it('loses no message and sends no reply twice when the worker dies mid-conversation', async () => {
  const answers = (request: { messages: { content: string }[] }) => {
    const id = /\[article ([0-9a-f-]{36})\]/.exec(request.messages[0].content)?.[1];
    return { content: JSON.stringify({ answer: 'You will get a tracking number by e-mail.', confidence: 0.9, grounded: true, citedArticleIds: id ? [id] : [] }) };
  };
  const classification = { content: JSON.stringify({ category: 'delivery', intent: 'tracking', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, confidence: 0.9 }) };
  let firstCallSeen = false;
  openai.setHandler((request) => {
    if (!firstCallSeen) {
      firstCallSeen = true;
      return { hang: true }; // the worker dies while waiting for this
    }
    return formatName(request) === 'classification' ? classification : answers(request);
  });

  child = spawnWorker();
  const cust = { externalId: `crash-${randomUUID()}` };
  const first = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: 'crash-1', customer: cust, text: 'Where is my parcel tracking number?' } });
  expect(first.status).toBe(202);
  await eventually(async () => (firstCallSeen ? true : undefined), 60_000, 'the first model call');
  await child.kill();

  // Accepted while no worker runs at all.
  const second = await sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: 'crash-2', customer: cust, text: 'And how do I track my parcel tracking number?' } });
  expect(second.status).toBe(202);
  expect(second.body.issueId).toBe(first.body.issueId);

  child = spawnWorker();
  const messages = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
    const list = res.body.messages as { author: string; id: string }[];
    return list.filter((m) => m.author === 'assistant').length >= 2 ? list : undefined;
  }, 90_000, 'both answers');
  await new Promise((r) => setTimeout(r, 2_000));
  const res = await sys.api('GET', `/api/v1/customers/${cust.externalId}/messages`, { token: sys.apiKey });
  const final = res.body.messages as { author: string; id: string }[];
  expect(final.filter((m) => m.author === 'customer')).toHaveLength(2);
  expect(final.filter((m) => m.author === 'assistant')).toHaveLength(2);
  const assistantIds = messages.filter((m) => m.author === 'assistant').map((m) => m.id);
  const pushedIds = webhook.received.map((w) => w.json.deliveryId).filter((id) => assistantIds.includes(id));
  expect(pushedIds.sort()).toEqual([...assistantIds].sort());
});
