/**
 * The console's live events: `GET /api/v1/console/events` streams what the issue projection NOTIFYs in its
 * transaction, so an operator's console hears of a new task, its claim and new messages without polling,
 * whichever process wrote them.
 */
import { randomUUID } from 'node:crypto';
import { startTestSystem, type TestSystem } from '../support/system';
import { SseClient } from '../support/sse-client';
import { notifyConsoles } from '../../src/console/console-events';
import { eventually } from '../support/temporal';
import { isEmbeddedTestDatabase } from '../support/system';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
});

describe('console live events', () => {
  it('refuses a stream without an operator token', async () => {
    const anonymous = new SseClient();
    await anonymous.open(`${sys.url}/api/v1/console/events`, {});
    expect(anonymous.status).toBe(401);
    const channelKey = new SseClient();
    await channelKey.open(`${sys.url}/api/v1/console/events`, { authorization: `Bearer ${sys.apiKey}` });
    expect(channelKey.status).toBe(401);
  });

  (isEmbeddedTestDatabase() ? it.skip : it)('streams a new task, its claim and the messages of the issue; an offer only to the operator offered', async () => {
    const stream = new SseClient();
    await stream.open(`${sys.url}/api/v1/console/events`, { authorization: `Bearer ${sys.operatorToken}` });
    try {
      expect(stream.status).toBe(200);
      // the gateway's listener confirms push in the background; wait until a stream says so
      await eventually(async () => {
        const probe = new SseClient();
        await probe.open(`${sys.url}/api/v1/console/events`, { authorization: `Bearer ${sys.operatorToken}` });
        await eventually(async () => (probe.of('hello').length ? true : undefined), 5_000, 'hello');
        const push = probe.of<{ push: boolean }>('hello')[0]!.push;
        await probe.close();
        return push || undefined;
      }, 10_000, 'push confirmed');

      const accepted = await sys.api('POST', '/api/v1/messages', {
        token: sys.apiKey,
        body: { messageId: randomUUID(), customer: { externalId: `sse-${randomUUID()}`, name: 'Vera' }, text: 'I want a person' },
      });
      expect(accepted.status).toBe(202);
      const issueId = accepted.body.issueId as string;

      const queued = await eventually(async () => stream.of<{ issueId: string; taskId: string; change: string }>('task')
        .find((e) => e.issueId === issueId && e.change === 'queued'), 30_000, 'task queued event');
      expect(stream.of<{ issueId: string; author: string }>('message').some((e) => e.issueId === issueId && e.author === 'customer')).toBe(true);

      const claim = await sys.api('POST', `/api/v1/tasks/${queued.taskId}/claim`, { token: sys.secondOperatorToken });
      expect(claim.status).toBe(200);
      const claimed = await eventually(async () => stream.of<{ issueId: string; change: string; operatorId?: string }>('task')
        .find((e) => e.issueId === issueId && e.change === 'claimed'), 30_000, 'task claimed event');
      expect(claimed.operatorId).toBeDefined();
      expect(claimed.operatorId).not.toBe(sys.operatorId);
      // an offer (routing writes it) reaches only the operator offered
      const adminStream = new SseClient();
      await adminStream.open(`${sys.url}/api/v1/console/events`, { authorization: `Bearer ${sys.adminToken}` });
      await eventually(async () => (adminStream.of('hello').length ? true : undefined), 5_000, 'hello');
      await notifyConsoles(sys.db, [{ type: 'offer', issueId, taskId: queued.taskId, at: new Date().toISOString(), operatorId: sys.operatorId }]);
      await notifyConsoles(sys.db, [{ type: 'issue', issueId, at: new Date().toISOString(), status: 'escalated', priority: 'high' }]);
      await eventually(async () => (adminStream.of<{ priority: string }>('issue').some((e) => e.priority === 'high') ? true : undefined), 10_000, 'the later event');
      await eventually(async () => (stream.of('offer').length === 1 ? true : undefined), 10_000, 'the offer');
      expect(stream.of<{ taskId: string }>('offer')[0]!.taskId).toBe(queued.taskId);
      expect(adminStream.of('offer')).toEqual([]);
      await adminStream.close();
    } finally {
      await stream.close();
    }
  });
});
