import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { SearchAttributeUpdatePair, WorkflowSerializationContext } from '@temporalio/common';
import { encodeUnifiedSearchAttributes } from '@temporalio/common/lib/converter/payload-search-attributes';
import { encodeMapToPayloads, encodeToPayloadsWithContext } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';

export interface SignalWithStartRequest {
  workflowId: string;
  workflowType: string;
  taskQueue: string;
  args: unknown[];
  signalName: string;
  signalArgs: unknown[];
  memo: Record<string, unknown>;
  typedSearchAttributes: SearchAttributeUpdatePair[];
}

/**
 * Signal-with-start that also says whether this call started the run. The SDK's `client.workflow.signalWithStart`
 * returns only the run id, yet Temporal's answer carries `started`; without it the caller has to guess from
 * its own bookkeeping, and a guess made after a failure or a concurrent call names the wrong run. The request
 * is built the way the SDK builds it (same data converter and codecs, so payload encryption applies; the same
 * identity; a fresh request id), and it is one call to Temporal.
 */
export async function signalWithStartReportingStart(
  client: Client, request: SignalWithStartRequest,
): Promise<{ runId: string; started: boolean }> {
  const { namespace, identity, loadedDataConverter: converter } = client.options;
  const context: WorkflowSerializationContext = { type: 'workflow', namespace, workflowId: request.workflowId };
  const response = await client.workflowService.signalWithStartWorkflowExecution({
    namespace,
    identity,
    requestId: randomUUID(),
    workflowId: request.workflowId,
    workflowType: { name: request.workflowType },
    taskQueue: { kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL, name: request.taskQueue },
    input: { payloads: await encodeToPayloadsWithContext(converter, context, request.args) },
    signalName: request.signalName,
    signalInput: { payloads: await encodeToPayloadsWithContext(converter, context, request.signalArgs) },
    memo: { fields: await encodeMapToPayloads(converter, request.memo, context) },
    searchAttributes: { indexedFields: encodeUnifiedSearchAttributes(undefined, request.typedSearchAttributes) },
    header: { fields: {} },
  });
  return { runId: response.runId, started: response.started };
}
