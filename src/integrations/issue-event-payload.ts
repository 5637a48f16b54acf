import type { IssueEvent, ProjectionChange } from '../../activities/types';

/** The issue events integrators receive, and the names they get on the wire. */
const PUBLISHED: Partial<Record<IssueEvent['type'], string>> = {
  created: 'issue.created',
  message_received: 'issue.message',
  message_sent: 'issue.message',
  escalated: 'issue.escalated',
  sla_breached: 'issue.sla_breached',
  resolved: 'issue.resolved',
  reopened: 'issue.reopened',
  auto_closed: 'issue.closed',
  closed: 'issue.closed',
  csat_received: 'issue.csat',
};

export interface WebhookPayload {
  deliveryId: string;
  type: string;
  eventId: string;
  occurredAt: string;
  issue: { id: string; customerId: string; status: string; channel: string; priority: string };
  data: Record<string, unknown>;
}

/** The payloads to publish for one projection change (events not meant for integrators are skipped). */
export function webhookPayloads(change: ProjectionChange): Omit<WebhookPayload, 'deliveryId'>[] {
  const i = change.issue;
  const out: Omit<WebhookPayload, 'deliveryId'>[] = [];
  for (const event of change.events ?? []) {
    const type = PUBLISHED[event.type];
    if (!type) continue;
    let data = event.data ?? {};
    if (type === 'issue.message') {
      // The message itself, so integrators need no second call.
      const id = String(data.messageId ?? '');
      const message = change.messages?.find((m) => m.id === id || m.externalMessageId === data.externalMessageId);
      data = message
        ? { messageId: message.id, direction: message.direction, author: message.author, channel: message.channel, text: message.text }
        : data;
    }
    out.push({
      type, eventId: event.eventId, occurredAt: event.at,
      issue: { id: i.issueId, customerId: i.customerId, status: i.status, channel: i.channel, priority: i.priority },
      data,
    });
  }
  return out;
}
