/**
 * A Temporal namespace where the `SwitchboardExperiment` search attribute is not registered (a cluster set up
 * before experiments existed) refuses a signal-with-start that carries it with INVALID_ARGUMENT "Namespace
 * default has no mapping defined for search attribute SwitchboardExperiment" (the text a dev server without the
 * attribute answers). A running experiment must not cost customers their messages: intake starts the issue
 * without the attribute (the memo and PostgreSQL still carry the variants) instead of failing.
 */
import type { Client } from '@temporalio/client';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { resolvePolicy } from '../../src/domain/policy';
import { IssueService } from '../../src/temporal/issue-service';

const UNMAPPED = Object.assign(new Error('3 INVALID_ARGUMENT: Namespace default has no mapping defined for search attribute SwitchboardExperiment'), {
  code: 3, details: 'Namespace default has no mapping defined for search attribute SwitchboardExperiment',
});

function clientWithoutExperimentAttribute(requests: Record<string, any>[]): Client {
  return {
    options: { namespace: 'default', identity: 'test', loadedDataConverter: loadDataConverter({}) },
    workflowService: {
      signalWithStartWorkflowExecution: async (request: Record<string, any>) => {
        requests.push(request);
        if (request.searchAttributes?.indexedFields?.SwitchboardExperiment) throw UNMAPPED;
        return { runId: 'run-1', started: true };
      },
    },
  } as unknown as Client;
}

const message = {
  channel: 'api' as const, externalMessageId: 'm-1', customerId: '7d6c5b4a-3e2f-4a1b-9c8d-7e6f5a4b3c2d', text: 'Hello',
  attachments: [], receivedAt: new Date().toISOString(),
};

it('starts the issue without the experiment search attribute when the namespace does not know it', async () => {
  const requests: Record<string, any>[] = [];
  const recorded: unknown[] = [];
  const service = new IssueService(clientWithoutExperimentAttribute(requests), {
    taskQueue: 'q', policy: resolvePolicy(undefined),
    experiments: {
      assign: async () => [{ experimentId: 'e1', setting: 'greeting', variant: 'hello', tag: 'e1:hello' }],
      record: async (_customer, assignments) => void recorded.push(...assignments),
    },
  });
  const accepted = await service.acceptMessage(message as never);
  expect(accepted.workflowId).toBe(`support-issue-${message.customerId}`);
  expect(requests).toHaveLength(2);
  expect(Object.keys(requests[1].searchAttributes.indexedFields)).not.toContain('SwitchboardExperiment');
  expect(Object.keys(requests[1].searchAttributes.indexedFields)).toContain('CustomerId');
  expect(Object.keys(requests[1].memo.fields)).toContain('experiments');
  expect(recorded).toHaveLength(1);
});

it('does not hide other refusals', async () => {
  const service = new IssueService({
    options: { namespace: 'default', identity: 'test', loadedDataConverter: loadDataConverter({}) },
    workflowService: { signalWithStartWorkflowExecution: async () => { throw Object.assign(new Error('3 INVALID_ARGUMENT: bad'), { code: 3, details: 'bad' }); } },
  } as unknown as Client, { taskQueue: 'q', policy: resolvePolicy(undefined) });
  await expect(service.acceptMessage(message as never)).rejects.toThrow(/bad/);
});
