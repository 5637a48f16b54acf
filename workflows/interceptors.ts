/**
 * Workflow interceptors the worker registers (bundled with the workflows: `WORKFLOW_INTERCEPTOR_MODULES`).
 *
 * Every workflow task of a v3 issue ends with at least one command. Why: a worker that starts cold on an
 * issue's history (after a crash, a deploy or a cache eviction) treats a task that completed without commands
 * and was followed at once by another task as a task heartbeat, and folds the two into one activation. When the
 * second task delivered an operator's update, the update then runs before the first task's activity result
 * (sdk-core orders updates first in an activation), while the live run or a later replay ran them the other way
 * round: the commands come in another order and the issue stops on a non-determinism error
 * (reproduced by test/workflow/cold-replay.test.ts; sdk-python#1591 reports the same core behaviour). A task
 * with a command is never folded. The cheapest command is an unchanged memo entry: one history event, only on
 * the tasks that had nothing else to say (an activity result that changed nothing the engine needs to know).
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { workflowInfo, type WorkflowInterceptorsFactory, type WorkflowInternalsInterceptor } from '@temporalio/workflow';

/** Workflow types whose every task carries a command (earlier versions' histories were recorded without). */
const TYPES_WITH_A_COMMAND_PER_TASK = new Set(['supportIssueWorkflowV3']);

const MEMO_KEY = 'switchboard';

const commandPerTask: WorkflowInternalsInterceptor = {
  concludeActivation(input, next) {
    const output = next(input);
    if (output.commands.length > 0) return output;
    return {
      ...output,
      commands: [{
        modifyWorkflowProperties: {
          upsertedMemo: { fields: { [MEMO_KEY]: defaultPayloadConverter.toPayload('issue') } },
        },
      }],
    };
  },
};

export const interceptors: WorkflowInterceptorsFactory = () =>
  TYPES_WITH_A_COMMAND_PER_TASK.has(workflowInfo().workflowType) ? { internals: [commandPerTask] } : {};
