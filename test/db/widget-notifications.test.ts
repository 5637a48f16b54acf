/**
 * Widget live replies are pushed: a message written anywhere (worker, another replica) notifies the gateway's
 * one LISTEN connection, which wakes that visitor's streams. The embedded PGlite does not deliver
 * notifications to listeners: there the listener says so and streams poll.
 */
import { randomUUID } from 'node:crypto';
import { WidgetMessageNotifications } from '../../src/channels/widget/message-notifications';
import { resolveCustomer } from '../../src/db/customers';
import { recordAcceptedIssue, applyProjection } from '../../src/db/issue-projection';
import { createLogger } from '../../src/observability/logger';
import { databaseBackends, migratedDatabase } from '../support/db-backends';
import { eventually } from '../support/temporal';

describe.each(databaseBackends())('database: $name', (backend) => {
  const current = migratedDatabase(backend);

  it('wakes the streams of the visitor whose customer got a message, and no others', async () => {
    const notifications = new WidgetMessageNotifications(current.db, createLogger('silent'));
    await notifications.start();
    try {
      expect(notifications.pushing).toBe(!current.embedded);
      const visitor = randomUUID();
      const bystander = randomUUID();
      const woken: string[] = [];
      const unsubscribe = notifications.subscribe(visitor, () => woken.push(visitor));
      notifications.subscribe(bystander, () => woken.push(bystander));
      const customerId = await resolveCustomer(current.db, { channel: 'widget', externalId: visitor });
      await resolveCustomer(current.db, { channel: 'widget', externalId: bystander });
      const issueId = randomUUID();
      await recordAcceptedIssue(current.db, { issueId, workflowId: `issue-${issueId}`, customerId, channel: 'widget' });
      const message = (text: string) => ({
        issue: { issueId, customerId, status: 'open' as const, channel: 'widget' as const, priority: 'normal' as const, createdAt: new Date().toISOString(), version: 1 },
        messages: [{ id: randomUUID(), direction: 'outbound' as const, author: 'assistant' as const, channel: 'widget' as const, text, at: new Date().toISOString() }],
      });
      await applyProjection(current.db, `issue-${issueId}`, message('hello') as never);
      if (current.embedded) {
        await new Promise((r) => setTimeout(r, 300));
        expect(woken).toEqual([]); // nothing arrives: the streams' own polling covers it
        return;
      }
      await eventually(async () => (woken.length > 0 ? true : undefined), 5_000, 'a notification');
      expect(woken).toEqual([visitor]);
      unsubscribe();
      await applyProjection(current.db, `issue-${issueId}`, { ...message('again'), issue: { ...message('again').issue, version: 2 } } as never);
      await new Promise((r) => setTimeout(r, 300));
      expect(woken).toEqual([visitor]);
    } finally {
      await notifications.stop();
    }
  });
});
