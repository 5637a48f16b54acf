/**
 * An experiment on the system prompt with ChatGPT (a fake OpenAI server on loopback speaking the real
 * chat-completions format): each customer's answer request reaches "OpenAI" with their variant's prompt.
 */
import { randomUUID } from 'node:crypto';
import { assignVariant } from '../../src/experiments/assignment';
import { formatName, startFakeOpenAi, type ChatRequest, type FakeOpenAi } from '../support/fake-openai';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let openai: FakeOpenAi;

const PROMPTS = { formal: 'PROMPT-FORMAL: answer formally from the articles.', casual: 'PROMPT-CASUAL: answer casually from the articles.' };

beforeAll(async () => {
  openai = await startFakeOpenAi();
  sys = await startTestSystem({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseUrl, OPENAI_MODEL: 'gpt-test' });
  await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
  await sys.db.query('DELETE FROM scenario_settings');
  const created = await sys.api('POST', '/api/v1/kb/articles', {
    token: sys.adminToken, body: { title: 'Shipping times', body: 'Orders are shipped within two business days.' },
  });
  expect(created.status).toBe(201);
  // the answer says which instructions the model was given
  openai.setHandler((request: ChatRequest) => {
    if (formatName(request) === 'classification') {
      return { content: JSON.stringify({ category: 'delivery', intent: 'order_status', priority: 'normal', sentiment: 'neutral', language: 'en', wantsHuman: false, confidence: 0.92 }) };
    }
    const system = request.messages[0].content;
    const article = /\[article ([0-9a-f-]{36})\]/.exec(system)![1];
    const answer = system.startsWith('PROMPT-CASUAL') ? 'casual: ships in 2 days' : system.startsWith('PROMPT-FORMAL') ? 'formal: shipped within two business days' : 'built-in';
    return { content: JSON.stringify({ answer, confidence: 0.9, grounded: true, citedArticleIds: [article], clarifyingQuestion: '' }) };
  });
});
afterAll(async () => {
  if (sys) {
    await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
    await sys.db.query('DELETE FROM scenario_settings');
  }
  await sys?.stop();
  await openai?.close();
});

it('drafts each customer’s answers with their variant’s system prompt', async () => {
  const res = await sys.api('POST', '/api/v1/experiments', {
    token: sys.adminToken,
    body: { name: 'Tone of voice', setting: 'system_prompt', variants: [
      { name: 'formal', share: 0.5, value: PROMPTS.formal }, { name: 'casual', share: 0.5, value: PROMPTS.casual }] },
  });
  expect(res.status).toBe(201);
  const experiment = res.body.experiment;
  const ask = async () => {
    const externalId = `prompt-${randomUUID()}`;
    const sent = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text: 'When will my order be shipped?' },
    });
    expect(sent.status).toBe(202);
    const { rows } = await sys.db.query<{ customer_id: string }>('SELECT customer_id FROM issues WHERE id = $1', [sent.body.issueId]);
    const reply = await eventually(async () => {
      const list = await sys.api('GET', `/api/v1/customers/${externalId}/messages`, { token: sys.apiKey });
      return (list.body.messages as { author: string; text: string }[] | undefined)?.find((m) => m.author === 'assistant')?.text;
    }, 60_000, 'the answer');
    return { variant: assignVariant(experiment.id, rows[0].customer_id, experiment.variants), reply };
  };
  // customers until both variants have some (at most 14 at 50/50: a 1 in 8,192 chance of one variant only)
  const asked = await Promise.all(Array.from({ length: 6 }, ask));
  while (new Set(asked.map((a) => a.variant)).size < 2 && asked.length < 14) asked.push(await ask());
  expect(new Set(asked.map((a) => a.variant)).size).toBe(2);
  for (const { variant, reply } of asked) expect(reply.startsWith(`${variant}:`)).toBe(true);
}, 120_000);
