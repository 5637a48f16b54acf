/**
 * Delivery against the real PostgreSQL: two attempts of one delivery never send at the same time, a delivered
 * message is never sent again, and a cancelled attempt stops.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/activity';
import { deliveryActivities } from '../../activities/delivery-activities';
import type { DeliverInput } from '../../activities/types';
import type { OutboundMessage } from '../../src/channels/outbound';
import { resolveCustomer } from '../../src/db/customers';
import { IssueRegistry } from '../../src/db/issue-registry';
import type { Db } from '../../src/db/pool';
import { openTestDb } from '../support/system';

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.end();
});

async function outboundMessage(): Promise<DeliverInput> {
  const customerId = await resolveCustomer(db, { channel: 'api', externalId: `claims-${randomUUID()}` });
  const issueId = randomUUID();
  await new IssueRegistry(db).recordStart({ issueId, customerId, workflowId: `support-issue-${customerId}`, channel: 'api', runId: randomUUID() });
  const messageId = `${issueId}:out:1`;
  return {
    issueId, customerId, channel: 'api', messageId, text: 'Your replacement ships today.',
    message: { id: messageId, direction: 'outbound', author: 'operator', channel: 'api', text: 'Your replacement ships today.', at: new Date().toISOString() },
  };
}

function slowSender(ms: number) {
  const sent: OutboundMessage[] = [];
  return {
    sent,
    sender: {
      async send(message: OutboundMessage) {
        await new Promise((r) => setTimeout(r, ms));
        sent.push(message);
        return true;
      },
    },
  };
}

it('lets one of two overlapping attempts send; the other waits and later finds it delivered', async () => {
  const input = await outboundMessage();
  const { sent, sender } = slowSender(600);
  const { deliverMessage } = deliveryActivities(db, { api: sender });
  const results = await Promise.allSettled([
    new MockActivityEnvironment().run(deliverMessage, input),
    new Promise((r) => setTimeout(r, 100)).then(() => new MockActivityEnvironment().run(deliverMessage, input)),
  ]);
  expect(results[0]).toMatchObject({ status: 'fulfilled', value: { pushed: true } });
  expect(results[1]).toMatchObject({ status: 'rejected', reason: { type: 'DeliveryInProgress' } });
  // the retry of the second attempt, after the first finished
  await expect(new MockActivityEnvironment().run(deliverMessage, input)).resolves.toMatchObject({ pushed: true });
  expect(sent).toHaveLength(1);
  const row = await db.query('SELECT delivered_at, delivery_attempts FROM messages WHERE id = $1', [input.messageId]);
  expect(row.rows[0].delivered_at).not.toBeNull();
  expect(row.rows[0].delivery_attempts).toBe(1);
});

it('stops an attempt that Temporal cancels; the next attempt waits out its claim (it may have reached the channel)', async () => {
  const input = await outboundMessage();
  let aborted = false;
  const { deliverMessage } = deliveryActivities(db, {
    api: {
      send: (message) => new Promise<boolean>((_resolve, reject) => {
        message.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new Error('aborted'));
        });
      }),
    },
  });
  const env = new MockActivityEnvironment();
  const attempt = env.run(deliverMessage, input);
  await new Promise((r) => setTimeout(r, 200));
  env.cancel();
  await expect(attempt).rejects.toBeInstanceOf(CancelledFailure);
  expect(aborted).toBe(true);
  const { sent, sender } = slowSender(0);
  await expect(new MockActivityEnvironment().run(deliveryActivities(db, { api: sender }).deliverMessage, input))
    .rejects.toMatchObject({ type: 'DeliveryInProgress' });
  expect(sent).toHaveLength(0);
});

it('an attempt that outlived its claim and was replaced by a retry stops before its next part', async () => {
  const input = await outboundMessage();
  const sentBy: string[] = [];
  let resumeFirst!: () => void;
  const firstPaused = new Promise<void>((resolve) => {
    resumeFirst = resolve;
  });
  let attempts = 0;
  // two parts; the first attempt stalls between them (say, recording its part waited on PostgreSQL)
  const sender = {
    async send(message: OutboundMessage) {
      const me = `attempt ${++attempts}`;
      const recorded = sentBy.map((s) => Number(s.slice(-1))); // read once, as the channel senders do
      for (const part of [0, 1]) {
        if (recorded.includes(part)) continue;
        await message.renewClaim?.();
        sentBy.push(`${me} part ${part}`);
        if (me === 'attempt 1' && part === 0) await firstPaused;
      }
      return true;
    },
  };
  const { deliverMessage } = deliveryActivities(db, { api: sender });
  const first = new MockActivityEnvironment().run(deliverMessage, input);
  await new Promise((r) => setTimeout(r, 100));
  // time passes beyond the first attempt's claim; Temporal's retry takes the message and finishes it
  await db.query("UPDATE messages SET delivery_claimed_until = now() - interval '1 second' WHERE id = $1", [input.messageId]);
  await expect(new MockActivityEnvironment().run(deliverMessage, input)).resolves.toMatchObject({ pushed: true });
  resumeFirst();
  await expect(first).rejects.toMatchObject({ type: 'DeliveryInProgress' });
  expect(sentBy).toEqual(['attempt 1 part 0', 'attempt 2 part 1']);
});
