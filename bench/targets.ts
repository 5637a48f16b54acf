/**
 * The two systems under test, seen from outside: a message goes in, "accepted" is when the system says it has
 * it durably (the gateway's 202; for the baseline, `signalWithStart` returning), and the reply comes back to the
 * receiver. Only the message-in side differs.
 */
import type { Client } from '@temporalio/client';
import { BASELINE_SIGNAL, BASELINE_WORKFLOW_TYPE, type BaselineMessage } from './baseline/types';

export type SystemName = 'baseline' | 'pipeline';

export interface Target {
  name: SystemName;
  /** prefix of this system's customer ids, so replies are told apart at the shared receiver */
  prefix: string;
  send(externalId: string, messageId: string, text: string): Promise<void>;
}

const ACCEPT_TIMEOUT_MS = 30_000;

/** Switchboard through its API channel: POST /api/v1/messages, 202 {issueId}. */
export function pipelineTarget(gatewayUrl: string, apiKey: string, issueIds: Map<string, string>): Target {
  return {
    name: 'pipeline',
    prefix: 'p',
    async send(externalId, messageId, text) {
      const response = await fetch(`${gatewayUrl}/api/v1/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messageId, customer: { externalId }, text }),
        signal: AbortSignal.timeout(ACCEPT_TIMEOUT_MS),
      });
      const body = (await response.json().catch(() => ({}))) as { issueId?: string };
      if (response.status !== 202) throw new Error(`gateway answered ${response.status} ${JSON.stringify(body)}`);
      if (body.issueId) issueIds.set(externalId, body.issueId);
    },
  };
}

export function baselineWorkflowId(externalId: string): string {
  return `bench-baseline-${externalId}`;
}

/** The bare engine: `signalWithStart` of the baseline conversation, straight from the harness. */
export function baselineTarget(client: Client, taskQueue: string): Target {
  return {
    name: 'baseline',
    prefix: 'b',
    async send(externalId, messageId, text) {
      const message: BaselineMessage = { messageId, externalId, text };
      await client.withDeadline(Date.now() + ACCEPT_TIMEOUT_MS, () => client.workflow.signalWithStart(BASELINE_WORKFLOW_TYPE, {
        workflowId: baselineWorkflowId(externalId),
        taskQueue,
        args: [],
        signal: BASELINE_SIGNAL,
        signalArgs: [message],
      }));
    },
  };
}
