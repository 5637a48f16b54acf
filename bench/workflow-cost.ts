/**
 * What one workflow costs the worker before it does anything, and what a workflow cache miss costs:
 * - `newIssue`: starts issue workflows in the SDK's reusable sandbox, each with a first customer message, and reports
 *   the CPU per workflow and the heap each keeps while cached — mostly the modules evaluated for it (see
 *   workflows/sandbox/shared-modules.ts and workflows/index.ts);
 * - `coldReplay`: replays one recorded issue history many times, each replay a fresh workflow.
 *
 *   npm run bench:workflow-cost -- [--history test/replay/histories/v4/<name>.json] [--n 300]
 *
 * Uses the SDK's ReusableVMWorkflowCreator (an internal module of @temporalio/worker) for the first figure.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { defaultPayloadConverter } from '@temporalio/common';
import Long from 'long';
import { resolvePolicy } from '../src/domain/policy';
import { ISSUE_WORKFLOW_TYPE, customerMessageSignal } from '../workflows/definitions';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOW_PRELOAD_MODULES } from '../workers/workflow-bundle-options';


const gc = (): void => { global.gc?.(); global.gc?.(); };

/**
 * Heap and CPU per new issue workflow in one reusable sandbox, kept as the worker caches it: created, started with
 * a customer's first message (its first activation: the turn's activity is scheduled, nothing more).
 */
async function newIssueCost(code: string, n: number): Promise<{ cpuMsPerWorkflow: number; heapKiBPerWorkflow: number }> {
  const creator = await ReusableVMWorkflowCreator.create(
    { code, filename: 'workflow-bundle.js', sourceMap: { version: 3, file: 'workflow-bundle.js', sources: [], names: [], mappings: '' } }, 1_000, new Set());
  const kept: unknown[] = [];
  const policy = resolvePolicy(undefined);
  const create = async (i: number) => {
    const now = Date.now();
    const workflow = await creator.createWorkflow({
      info: {
        workflowType: ISSUE_WORKFLOW_TYPE, runId: `run-${i}`, workflowId: `issue-${i}`, namespace: 'default', taskQueue: 'bench',
        attempt: 1, historyLength: 1, unsafe: { now: Date.now, isReplaying: false }, searchAttributes: {}, typedSearchAttributes: [], memo: {},
      } as never,
      randomnessSeed: Long.fromNumber(i + 1).toBytes(), now, showStackTraceSources: false,
    } as never);
    const customerId = `customer-${i}`;
    await workflow.activate({
      runId: `run-${i}`, timestamp: { seconds: Long.fromNumber(Math.floor(now / 1000)), nanos: 0 }, historyLength: 3,
      jobs: [
        { initializeWorkflow: {
          workflowType: ISSUE_WORKFLOW_TYPE, workflowId: `issue-${i}`, randomnessSeed: Long.fromNumber(i + 1), attempt: 1,
          arguments: [defaultPayloadConverter.toPayload({ issueId: `issue-${i}`, customerId, channel: 'api', policy })],
        } },
        { signalWorkflow: {
          signalName: customerMessageSignal.name,
          input: [defaultPayloadConverter.toPayload({ channel: 'api', externalMessageId: `m-${i}`, customerId, text: 'Where is my order?', receivedAt: new Date(now).toISOString() })],
        } },
      ],
    } as never);
    kept.push(workflow);
  };
  for (let i = 0; i < 20; i++) await create(i); // warm-up
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  for (let i = 20; i < 20 + n; i++) await create(i);
  const cpu = process.cpuUsage(cpuBefore);
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    cpuMsPerWorkflow: +((cpu.user + cpu.system) / 1000 / n).toFixed(2),
    heapKiBPerWorkflow: +((heapAfter - heapBefore) / 1024 / n).toFixed(1),
  };
}

async function coldReplayCost(code: string, historyFile: string, n: number) {
  const history = historyFromJSON(JSON.parse(await readFile(historyFile, 'utf8')));
  const options = { workflowBundle: { code } };
  const replays = (count: number) => (async function* () {
    for (let i = 0; i < count; i++) yield { workflowId: `cold-${i}`, history };
  })();
  for await (const r of Worker.runReplayHistories(options, replays(20))) if (r.error) throw r.error; // warm-up
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for await (const r of Worker.runReplayHistories(options, replays(n))) if (r.error) throw r.error;
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    history: path.relative(process.cwd(), historyFile), events: history.events?.length ?? 0, replays: n,
    cpuMsPerReplay: +((cpu.user + cpu.system) / 1000 / n).toFixed(2), wallMsPerReplay: +(wallMs / n).toFixed(2),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ strict: true, options: { history: { type: 'string' }, n: { type: 'string' } } });
  const historyFile = path.resolve(values.history ?? 'test/replay/histories/v4/answered-nudged-auto-closed.json');
  const n = Number(values.n ?? '300');
  if (!Number.isInteger(n) || n < 1) throw new Error('--n must be a positive whole number');
  if (!global.gc) throw new Error('run with node --expose-gc (npm run bench:workflow-cost does)');
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../workflows'),
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    preloadModules: WORKFLOW_PRELOAD_MODULES,
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m) => console.error(m), error: (m) => console.error(m) },
  });
  const newIssue = await newIssueCost(code, n);
  const coldReplay = await coldReplayCost(code, historyFile, n);
  console.log(JSON.stringify({ newIssue, coldReplay }, null, 2));
}

main().catch((err) => { console.error(err); process.exit(1); });
