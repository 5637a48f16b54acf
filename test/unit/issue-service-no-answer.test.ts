/**
 * A query or update that gets no answer because the worker holding the workflow died under it ends in gRPC
 * CANCELLED ("Call cancelled"), not only DEADLINE_EXCEEDED: the operator must get 503 "try again" (the action may
 * or may not have been applied; the same Idempotency-Key makes the retry safe), not a 500. Seen in the
 * fault-injection run on claims and replies while the worker was SIGKILLed.
 */
import { ServiceError, type Client } from '@temporalio/client';
import { IssueService, WorkersUnavailable } from '../../src/temporal/issue-service';
import { resolvePolicy } from '../../src/domain/policy';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details });
}

/** A Temporal client whose worker polls the queue but whose query fails with `failure`. */
function clientFailingQueriesWith(failure: Error): Client {
  return {
    options: { namespace: 'default' },
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflowService: {
      describeTaskQueue: async () => ({ pollers: [{ lastAccessTime: { seconds: Math.floor(Date.now() / 1000) } }] }),
    },
    workflow: {
      getHandle: () => ({
        query: async () => {
          throw failure;
        },
      }),
    },
  } as unknown as Client;
}

const service = (failure: Error) => new IssueService(clientFailingQueriesWith(failure), { taskQueue: 'q', policy: resolvePolicy(undefined) });

it.each([
  ['cancelled', grpcError(1, 'CANCELLED: Call cancelled')],
  ['deadline exceeded', grpcError(4, 'DEADLINE_EXCEEDED: Deadline exceeded')],
])('turns a call %s under a dying worker into WorkersUnavailable (503)', async (_name, cause) => {
  const failure = new ServiceError('Failed to query Workflow', { cause });
  await expect(service(failure).claimTask('wf', 'issue', 'task', 'operator')).rejects.toBeInstanceOf(WorkersUnavailable);
});

it('leaves other failures alone (they are not "try again")', async () => {
  const failure = new ServiceError('Failed to query Workflow', { cause: grpcError(3, 'INVALID_ARGUMENT: bad query') });
  await expect(service(failure).claimTask('wf', 'issue', 'task', 'operator')).rejects.toBe(failure);
});
