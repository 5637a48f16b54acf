/**
 * Workflow interceptors the worker registers (bundled with the workflows: `WORKFLOW_INTERCEPTOR_MODULES`).
 *
 * Every workflow task of a v3 or v4 issue ends with at least one command. Why: a worker that starts cold on an
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
import {
  workflowInfo, type ConcludeActivationOutput, type WorkflowInterceptorsFactory, type WorkflowInternalsInterceptor,
} from '@temporalio/workflow';

/** Workflow types whose every task carries a command (earlier versions' histories were recorded without). */
const TYPES_WITH_A_COMMAND_PER_TASK = new Set(['supportIssueWorkflowV3', 'supportIssueWorkflowV4']);

const MEMO_KEY = 'switchboard';

/**
 * The commands that will reach the history. Not: a rejected update (it leaves no trace, so a
 * replay never sees it); a timer or activity started and cancelled in the same activation (dropped before it
 * is sent).
 */
function lastingCommands(commands: ConcludeActivationOutput['commands']): number {
  const started = new Set<string>();
  const cancelled = new Set<string>();
  for (const c of commands) {
    if (c.startTimer) started.add(`timer:${c.startTimer.seq}`);
    if (c.cancelTimer) cancelled.add(`timer:${c.cancelTimer.seq}`);
    if (c.scheduleActivity) started.add(`activity:${c.scheduleActivity.seq}`);
    if (c.requestCancelActivity) cancelled.add(`activity:${c.requestCancelActivity.seq}`);
  }
  return commands.filter((c) => {
    if (c.updateResponse?.rejected) return false;
    const key = c.startTimer ? `timer:${c.startTimer.seq}` : c.cancelTimer ? `timer:${c.cancelTimer.seq}`
      : c.scheduleActivity ? `activity:${c.scheduleActivity.seq}` : c.requestCancelActivity ? `activity:${c.requestCancelActivity.seq}` : undefined;
    return !(key && started.has(key) && cancelled.has(key));
  }).length;
}

/** One per workflow: whether this activation brought anything but updates (an activity result, a timer, ...). */
function commandPerTask(): WorkflowInternalsInterceptor {
  let beyondUpdates = false;
  return {
    activate(input, next) {
      if (input.activation.jobs?.some((job) => job.doUpdate == null)) beyondUpdates = true;
      return next(input);
    },
    concludeActivation(input, next) {
      const output = next(input);
      const others = beyondUpdates;
      beyondUpdates = false;
      // a query gets an activation of its own, outside any history: nothing to add there
      if (output.commands.some((c) => c.respondToQuery)) return output;
      if (lastingCommands(output.commands) > 0) return output;
      // only updates, all rejected: the server drops that task from the history (nothing to fold)
      if (!others) return output;
      return {
        ...output,
        commands: [...output.commands, {
          modifyWorkflowProperties: {
            upsertedMemo: { fields: { [MEMO_KEY]: defaultPayloadConverter.toPayload('issue') } },
          },
        }],
      };
    },
  };
}

export const interceptors: WorkflowInterceptorsFactory = () =>
  TYPES_WITH_A_COMMAND_PER_TASK.has(workflowInfo().workflowType) ? { internals: [commandPerTask()] } : {};
