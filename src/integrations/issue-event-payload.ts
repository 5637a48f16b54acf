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

/** Bumped when a field changes meaning or goes away (new fields do not bump it). */
export const WEBHOOK_SCHEMA_VERSION = 1;

export interface WebhookPayload {
  schemaVersion: typeof WEBHOOK_SCHEMA_VERSION;
  deliveryId: string;
  type: string;
  eventId: string;
  occurredAt: string;
  /** `version` is the issue's state version after this change: a receiver keeps the highest it has seen */
  issue: { id: string; customerId: string; status: string; channel: string; priority: string; version: number };
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
      schemaVersion: WEBHOOK_SCHEMA_VERSION, type, eventId: event.eventId, occurredAt: event.at,
      issue: { id: i.issueId, customerId: i.customerId, status: i.status, channel: i.channel, priority: i.priority, version: i.version },
      data,
    });
  }
  return out;
}
