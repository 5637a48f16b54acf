/**
 * The workflow sandbox keeps short stack traces (workflows/sandbox/stack-trace-depth.ts, preloaded into the
 * workers' shared sandbox): the SDK records one for every promise a workflow creates, and ten mapped frames each
 * were the largest cost of the workflow thread. The "stack trace" query of the Temporal UI still answers, each
 * stack naming a place in the workflow code, within the frame budget.
 */
import { resolvePolicy } from '../../src/domain/policy';
import { WORKFLOW_STACK_FRAMES } from '../../workflows/sandbox/stack-trace-depth';
import { startIssueHarness, workflowTestEnv } from '../support/issue-workflow-harness';

const env = workflowTestEnv();

it(`answers the stack trace query of a waiting issue with stacks of at most ${WORKFLOW_STACK_FRAMES} frames`, async () => {
  const t = await startIssueHarness(env, { policy: resolvePolicy(undefined) });
  await t.send('How do I reset my password?');
  await t.stateWhen((s) => s.status === 'waiting_customer', 'the answer');
  const stacks = await env.client.workflow.getHandle(t.workflowId).query<string>('__stack_trace');
  const each = stacks.split(/\n\n+/).filter((s) => s.trim() !== '');
  expect(each.length).toBeGreaterThan(0);
  expect(stacks).toMatch(/workflows\/issue-workflow\.ts/);
  // the hook's own two frames are cut from each promise's stack: at most the budget less two remain
  for (const stack of each) expect(stack.split('\n').filter((line) => line.includes(' at ')).length).toBeLessThanOrEqual(WORKFLOW_STACK_FRAMES - 2);
});
