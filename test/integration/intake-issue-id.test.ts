/**
 * Which issue a customer message went to, when the run was started by another call: through the real gateway,
 * Temporal and PostgreSQL (no worker, so the run never projects itself and PostgreSQL knows only what intake
 * recorded). A call that did not start the run must not record an issue of its own.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { resolveCustomer } from '../../src/db/customers';
import { connectTemporalClient } from '../../src/temporal/connection';
import { issueWorkflowId } from '../../src/temporal/issue-service';
import { CustomerIdKey, IssueStatusKey } from '../../workflows/search-attributes';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let client: Client;
const workflows: string[] = [];

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
  client = await connectTemporalClient(sys.config.temporal, sys.config.temporal.address!, sys.config.dataConverter);
});

afterAll(async () => {
  for (const id of workflows) await client?.workflow.getHandle(id).terminate('test over').catch(() => undefined);
  await client?.connection.close();
  await sys?.stop();
});

async function newCustomer() {
  const externalId = `intake-${randomUUID()}`;
  const customerId = await resolveCustomer(sys.db, { channel: 'api', externalId });
  workflows.push(issueWorkflowId(customerId));
  return { externalId, customerId };
}

function send(externalId: string, messageId: string, text: string) {
  return sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId, customer: { externalId }, text } });
}

/** The issue the customer's run names itself (the memo the starting call gave it). */
async function runIssueId(customerId: string): Promise<string> {
  const description = await client.workflow.getHandle(issueWorkflowId(customerId)).describe();
  // started with what operators' lists search by
  expect(description.typedSearchAttributes.get(CustomerIdKey)).toBe(customerId);
  expect(description.typedSearchAttributes.get(IssueStatusKey)).toBe('open');
  return String(description.memo?.issueId);
}

async function issueRows(customerId: string): Promise<string[]> {
  const { rows } = await sys.db.query<{ id: string }>('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
  return rows.map((r) => r.id);
}

/** Runs `body` with a trigger on this customer's inserts into issues doing `action` (PL/pgSQL). */
async function withIssueInsertTrigger<T>(customerId: string, action: string, body: () => Promise<T>): Promise<T> {
  const fn = `test_issue_insert_${customerId.replaceAll('-', '')}`;
  await sys.db.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${action} RETURN NEW; END $$`);
  await sys.db.query(`CREATE TRIGGER ${fn} BEFORE INSERT ON issues FOR EACH ROW
    WHEN (NEW.customer_id = '${customerId}') EXECUTE FUNCTION ${fn}()`);
  try {
    return await body();
  } finally {
    await sys.db.query(`DROP TRIGGER ${fn} ON issues`);
    await sys.db.query(`DROP FUNCTION ${fn}()`);
  }
}

it('a retry after PostgreSQL failed between the start and its record names the issue the first attempt started', async () => {
  const { externalId, customerId } = await newCustomer();
  const messageId = randomUUID();
  // PostgreSQL fails this customer's issue rows only: "the database system is starting up" (57P03)
  const first = await withIssueInsertTrigger(customerId, "RAISE EXCEPTION 'the database system is starting up' USING ERRCODE = '57P03';",
    () => send(externalId, messageId, 'My parcel never arrived.'));
  expect(first.status).toBe(503);
  // the run was started (and has the message) before PostgreSQL failed; the client retries the same message
  const started = await runIssueId(customerId);
  const retry = await send(externalId, messageId, 'My parcel never arrived.');
  expect(retry.status).toBe(202);
  expect(retry.body.issueId).toBe(started);
  // a further message of the same customer goes to the same issue
  const next = await send(externalId, randomUUID(), 'Order 1042, if that helps.');
  expect(next.body.issueId).toBe(started);
  expect(await issueRows(customerId)).toEqual([started]);
});

it('a second message arriving while the first is still recording the start names the same issue', async () => {
  const { externalId, customerId } = await newCustomer();
  // PostgreSQL is slow to record the start, so the second message finds neither the run nor an open issue there
  const [first, second] = await withIssueInsertTrigger(customerId, 'PERFORM pg_sleep(1.5);', () => Promise.all([
    send(externalId, randomUUID(), 'Hello?'),
    new Promise((r) => setTimeout(r, 500)).then(() => send(externalId, randomUUID(), 'Is anyone there?')),
  ]));
  expect([first.status, second.status]).toEqual([202, 202]);
  const started = await runIssueId(customerId);
  expect([first.body.issueId, second.body.issueId]).toEqual([started, started]);
  expect(await issueRows(customerId)).toEqual([started]);
});
