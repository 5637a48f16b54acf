/**
 * A/B tests of scenarios (issue 10, item 5) through the real gateway, worker, Temporal and PostgreSQL: what
 * customers of each variant receive, the variant as a search attribute and memo of their issue, the assignment
 * recorded for analytics, stop and roll-out, results with their small-sample warning, and who may do what.
 *
 * Experiments change what every customer on their channel gets: this file stops whatever it started and removes
 * the settings it rolled out, so the files after it see the built-in behaviour.
 */
import { randomUUID } from 'node:crypto';
import { createOperator } from '../../src/db/credentials';
import { assignVariant } from '../../src/experiments/assignment';
import { SwitchboardExperimentKey } from '../../src/experiments/experiment-search-attribute';
import { issueWorkflowId } from '../../src/temporal/issue-service';
import { addPasswordArticle, PASSWORD_ARTICLE, startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let supervisor: string;
const started: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem();
  supervisor = (await createOperator(sys.db, { name: 'Experiments supervisor', role: 'supervisor' })).token;
  // an earlier run that died midway may have left experiments running or a value rolled out
  await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
  await sys.db.query('DELETE FROM scenario_settings');
  await addPasswordArticle(sys);
});
afterAll(async () => {
  if (sys) {
    await sys.db.query(`UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE status = 'running'`);
    await sys.db.query('DELETE FROM scenario_settings');
  }
  await sys?.stop();
});

const TEMPLATE = {
  name: 'Answer template: signed or not',
  setting: 'answer_template',
  channel: 'api',
  variants: [
    { name: 'plain', share: 0.5, value: '{answer}' },
    { name: 'signed', share: 0.5, value: '{answer}\n\n— Switchboard support' },
  ],
};
const GREETING = {
  name: 'Greeting first',
  setting: 'greeting',
  variants: [
    { name: 'silent', share: 0.5, value: '' },
    { name: 'hello', share: 0.5, value: 'Hello! Thanks for writing to us.' },
  ],
};

async function create(body: unknown, token = sys.adminToken) {
  const res = await sys.api('POST', '/api/v1/experiments', { token, body });
  if (res.status === 201) started.push(res.body.experiment.id);
  return res;
}

interface Conversation { externalId: string; customerId: string; issueId: string; reply: string }

/**
 * A new API-channel customer asks the password question; resolves with the first reply: the assistant's answer,
 * or the system's notice that a person will answer.
 */
async function converse(text = 'How can I reset my password?'): Promise<Conversation> {
  const externalId = `experiments-${randomUUID()}`;
  const sent = await sys.api('POST', '/api/v1/messages', {
    token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text },
  });
  expect(sent.status).toBe(202);
  const issueId = sent.body.issueId as string;
  const { rows } = await sys.db.query<{ customer_id: string }>('SELECT customer_id FROM issues WHERE id = $1', [issueId]);
  const reply = await eventually(async () => {
    const res = await sys.api('GET', `/api/v1/customers/${externalId}/messages`, { token: sys.apiKey });
    return (res.body.messages as { author: string; text: string }[] | undefined)?.find((m) => m.author !== 'customer')?.text;
  }, 60_000, 'the first reply');
  return { externalId, customerId: rows[0].customer_id, issueId, reply };
}

/** Customers until each variant of the 50/50 experiment has one (at most 12: a 1 in 2,048 chance of too few). */
async function customersOfBothVariants(
  experimentId: string, variants: { name: string; share: number }[], text?: string,
): Promise<Conversation[]> {
  const conversations = await Promise.all(Array.from({ length: 6 }, () => converse(text)));
  const seen = () => new Set(conversations.map((c) => assignVariant(experimentId, c.customerId, variants)));
  while (seen().size < variants.length && conversations.length < 12) conversations.push(await converse(text));
  expect(seen().size).toBe(variants.length);
  return conversations;
}

describe('who may run experiments', () => {
  it('lets admins create and stop, supervisors read, agents and strangers nothing', async () => {
    const body = { ...GREETING, name: 'Role check', setting: 'confidence_threshold', variants: [
      { name: 'strict', share: 0.5, value: 0.9 }, { name: 'lenient', share: 0.5, value: 0.5 }] };
    expect((await sys.api('POST', '/api/v1/experiments', { body })).status).toBe(401);
    expect((await create(body, sys.operatorToken)).status).toBe(403);
    expect((await create(body, supervisor)).status).toBe(403);
    const res = await create(body);
    expect(res.status).toBe(201);
    const id = res.body.experiment.id as string;
    for (const path of ['/api/v1/experiments', `/api/v1/experiments/${id}`, `/api/v1/experiments/${id}/results`]) {
      expect((await sys.api('GET', path, { token: sys.operatorToken })).status).toBe(403);
      expect((await sys.api('GET', path, { token: supervisor })).status).toBe(200);
      expect((await sys.api('GET', path)).status).toBe(401);
    }
    expect((await sys.api('POST', `/api/v1/experiments/${id}/stop`, { token: supervisor })).status).toBe(403);
    expect((await sys.api('POST', `/api/v1/experiments/${id}/rollout`, { token: sys.operatorToken, body: { variant: 'strict' } })).status).toBe(403);
    const stopped = await sys.api('POST', `/api/v1/experiments/${id}/stop`, { token: sys.adminToken });
    expect(stopped.status).toBe(200);
    expect(stopped.body.experiment).toMatchObject({ status: 'stopped', winner: null });
  });

  it.each([
    ['shares that do not sum to 1', { ...GREETING, variants: [{ ...GREETING.variants[0], share: 0.5 }, { ...GREETING.variants[1], share: 0.4 }] }, /sum to 1/],
    ['a value of the wrong kind', { ...TEMPLATE, variants: [{ name: 'a', share: 0.5, value: '{answer}' }, { name: 'b', share: 0.5, value: 'no placeholder' }] }, /\{answer\}/],
    ['twice the same variant', { ...GREETING, variants: [GREETING.variants[0], { ...GREETING.variants[1], name: 'silent' }] }, /differ/],
    ['one variant only', { ...GREETING, variants: [{ ...GREETING.variants[0], share: 1 }] }, /variants/],
    ['an unknown setting', { ...GREETING, setting: 'mood' }, /setting/],
    ['an unknown channel', { ...GREETING, channel: 'fax' }, /channel/],
  ])('refuses %s with a clear 400', async (_what, body, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });

  it('answers 404 for an unknown experiment and 400 for a malformed id', async () => {
    expect((await sys.api('GET', `/api/v1/experiments/${randomUUID()}`, { token: sys.adminToken })).status).toBe(404);
    expect((await sys.api('GET', '/api/v1/experiments/nope', { token: sys.adminToken })).status).toBe(400);
  });
});

describe('an experiment on the answer template and one on the greeting', () => {
  let template: { id: string; variants: { name: string; share: number }[] };
  let greeting: { id: string; variants: { name: string; share: number }[] };
  let conversations: Conversation[];

  beforeAll(async () => {
    const a = await create(TEMPLATE);
    const b = await create(GREETING);
    expect([a.status, b.status]).toEqual([201, 201]);
    template = a.body.experiment;
    greeting = b.body.experiment;
    conversations = await customersOfBothVariants(template.id, template.variants);
  }, 180_000);

  it('allows one running experiment per setting', async () => {
    const res = await create({ ...TEMPLATE, channel: null, name: 'another template test' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('experiment_running');
  });

  it('sends each customer what their variant says', () => {
    for (const c of conversations) {
      const signed = assignVariant(template.id, c.customerId, template.variants) === 'signed';
      const greeted = assignVariant(greeting.id, c.customerId, greeting.variants) === 'hello';
      expect(c.reply).toContain(PASSWORD_ARTICLE.title);
      expect(c.reply.endsWith('— Switchboard support')).toBe(signed);
      expect(c.reply.startsWith('Hello! Thanks for writing to us.\n\n')).toBe(greeted);
    }
  });

  it('records the variants in the issue workflow (search attribute and memo) and in PostgreSQL', async () => {
    for (const c of conversations) {
      const expected = [
        `${template.id}:${assignVariant(template.id, c.customerId, template.variants)}`,
        `${greeting.id}:${assignVariant(greeting.id, c.customerId, greeting.variants)}`,
      ];
      const description = await sys.client.workflow.getHandle(issueWorkflowId(c.customerId)).describe();
      expect([...(description.typedSearchAttributes.get(SwitchboardExperimentKey) ?? [])].sort()).toEqual([...expected].sort());
      expect(description.memo?.experiments).toEqual(Object.fromEntries(expected.map((tag) => tag.split(':'))));
      const { rows } = await sys.db.query<{ experiment_id: string; variant: string }>(
        'SELECT experiment_id, variant FROM experiment_assignments WHERE customer_id = $1', [c.customerId]);
      expect(rows.map((r) => `${r.experiment_id}:${r.variant}`).sort()).toEqual([...expected].sort());
    }
  });

  it('gives a returning customer the variant they had, through another gateway', async () => {
    const c = conversations[0];
    // forget the record: the other gateway must come to the same variant by itself
    await sys.db.query('DELETE FROM experiment_assignments WHERE experiment_id = $1 AND customer_id = $2', [template.id, c.customerId]);
    const other = await startTestSystem({}, { worker: false });
    try {
      const sent = await other.api('POST', '/api/v1/messages', {
        token: other.apiKey, body: { messageId: randomUUID(), customer: { externalId: c.externalId }, text: 'And one more question' },
      });
      expect(sent.status).toBe(202);
      const { rows } = await sys.db.query<{ variant: string }>(
        'SELECT variant FROM experiment_assignments WHERE experiment_id = $1 AND customer_id = $2', [template.id, c.customerId]);
      expect(rows).toEqual([{ variant: assignVariant(template.id, c.customerId, template.variants) }]);
    } finally {
      await other.stop();
    }
  }, 60_000);

  it('reports outcomes per variant, warning while the sample is too small', async () => {
    const res = await sys.api('GET', `/api/v1/experiments/${template.id}/results`, { token: supervisor });
    expect(res.status).toBe(200);
    const expected = (name: string) => conversations.filter((c) => assignVariant(template.id, c.customerId, template.variants) === name).length;
    expect(res.body.control).toBe('plain');
    expect(res.body.variants.map((v: any) => [v.name, v.issues])).toEqual([['plain', expected('plain')], ['signed', expected('signed')]]);
    for (const v of res.body.variants) {
      expect(v.escalationRate).toMatchObject({ value: 0, successes: 0, n: v.issues });
      expect(v.escalationRate.interval.low).toBe(0);
      expect(v.escalationRate.interval.high).toBeGreaterThan(0);
    }
    expect(res.body.variants[1].comparison).toHaveProperty('automationRate');
    expect(res.body.sampleTooSmall).toBe(true);
    expect(res.body.warnings).toEqual(expect.arrayContaining([
      expect.objectContaining({ variant: 'signed', metric: 'automationRate', rule: 'success_failure', message: expect.stringMatching(/at least 10 issues/) }),
      expect.objectContaining({ variant: 'signed', metric: 'resolutionSeconds', rule: 'rank_sample' }),
    ]));
    expect(res.body.definitions.warning).toMatch(/success–failure/);
  });

  it('stops: new customers get the built-in behaviour; rolling out a winner gives it to everyone', async () => {
    const stopped = await sys.api('POST', `/api/v1/experiments/${template.id}/stop`, { token: sys.adminToken });
    expect(stopped.status).toBe(200);
    expect(stopped.body.experiment.status).toBe('stopped');
    expect((await sys.api('POST', `/api/v1/experiments/${template.id}/stop`, { token: sys.adminToken })).status).toBe(409);
    // the greeting experiment is still running and no longer in the way of this check
    await sys.api('POST', `/api/v1/experiments/${greeting.id}/stop`, { token: sys.adminToken });
    const afterStop = await converse();
    expect(afterStop.reply.startsWith(PASSWORD_ARTICLE.title)).toBe(true);
    expect(afterStop.reply).not.toContain('— Switchboard support');

    const unknown = await sys.api('POST', `/api/v1/experiments/${template.id}/rollout`, { token: sys.adminToken, body: { variant: 'loud' } });
    expect(unknown.status).toBe(400);
    const rolled = await sys.api('POST', `/api/v1/experiments/${template.id}/rollout`, { token: sys.adminToken, body: { variant: 'signed' } });
    expect(rolled.status).toBe(200);
    expect(rolled.body.experiment).toMatchObject({ status: 'stopped', winner: 'signed' });
    const again = await sys.api('POST', `/api/v1/experiments/${template.id}/rollout`, { token: sys.adminToken, body: { variant: 'plain' } });
    expect(again.status).toBe(409);
    const afterRollout = await converse();
    expect(afterRollout.reply.endsWith('— Switchboard support')).toBe(true);
    const listed = await sys.api('GET', '/api/v1/experiments', { token: supervisor });
    expect(listed.body.experiments.find((e: any) => e.id === template.id)).toMatchObject({ winner: 'signed' });

    // the rolled-out value is listed, and taking it back restores the built-in behaviour
    const settings = await sys.api('GET', '/api/v1/scenario-settings', { token: supervisor });
    expect(settings.body.settings).toEqual([expect.objectContaining({
      setting: 'answer_template', channel: 'api', value: TEMPLATE.variants[1].value, experimentId: template.id })]);
    expect((await sys.api('DELETE', '/api/v1/scenario-settings/answer_template?channel=api', { token: supervisor })).status).toBe(403);
    expect((await sys.api('DELETE', '/api/v1/scenario-settings/answer_template', { token: sys.adminToken })).status).toBe(404);
    expect((await sys.api('DELETE', '/api/v1/scenario-settings/mood', { token: sys.adminToken })).status).toBe(400);
    expect((await sys.api('DELETE', '/api/v1/scenario-settings/answer_template?channel=api', { token: sys.adminToken })).status).toBe(204);
    const afterRemoval = await converse();
    expect(afterRemoval.reply.startsWith(PASSWORD_ARTICLE.title)).toBe(true);
    expect(afterRemoval.reply).not.toContain('— Switchboard support');
  }, 120_000);
});

describe('an experiment on whether the assistant answers at all', () => {
  it('hands the customers of the "off" variant to a person and answers the others', async () => {
    const res = await create({
      name: 'Assistant on the API channel', setting: 'assistant_enabled', channel: 'api',
      variants: [{ name: 'on', share: 0.5, value: true }, { name: 'off', share: 0.5, value: false }],
    });
    expect(res.status).toBe(201);
    const experiment = res.body.experiment;
    const conversations = await customersOfBothVariants(experiment.id, experiment.variants);
    for (const c of conversations) {
      const off = assignVariant(experiment.id, c.customerId, experiment.variants) === 'off';
      const tasks = await eventually(async () => {
        const { rows } = await sys.db.query('SELECT id FROM human_tasks WHERE issue_id = $1', [c.issueId]);
        return !off || rows.length > 0 ? rows : undefined;
      }, 30_000, 'the human task of an "off" customer');
      expect(tasks.length > 0).toBe(off);
      expect(c.reply.includes(PASSWORD_ARTICLE.title)).toBe(!off);
    }
    const results = await sys.api('GET', `/api/v1/experiments/${experiment.id}/results`, { token: supervisor });
    const off = results.body.variants.find((v: any) => v.name === 'off');
    expect(off.escalationRate.value).toBe(1);
    expect(results.body.variants.find((v: any) => v.name === 'on').escalationRate.value).toBe(0);
    expect(off.comparison.escalationRate.difference).toBe(1);
    await sys.api('POST', `/api/v1/experiments/${experiment.id}/stop`, { token: sys.adminToken });
  }, 180_000);
});

describe('an experiment on the confidence threshold', () => {
  it('answers a half-covered question for the lenient variant and hands it to a person for the built-in one', async () => {
    const res = await create({
      name: 'Answer more on my own', setting: 'confidence_threshold', channel: 'api',
      variants: [{ name: 'builtin', share: 0.5, value: 0.6 }, { name: 'lenient', share: 0.5, value: 0.2 }],
    });
    expect(res.status).toBe(201);
    const experiment = res.body.experiment;
    // the article covers "reset" and "password", not the rest of the question
    const text = 'Reset password for the mobile banking application on my tablet';
    const conversations = await customersOfBothVariants(experiment.id, experiment.variants, text);
    for (const c of conversations) {
      const lenient = assignVariant(experiment.id, c.customerId, experiment.variants) === 'lenient';
      expect(c.reply.includes(PASSWORD_ARTICLE.title)).toBe(lenient);
    }
    await sys.api('POST', `/api/v1/experiments/${experiment.id}/stop`, { token: sys.adminToken });
  }, 180_000);
});
