import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { AppConfig } from '../src/config';
import { temporalConnectionOptions } from '../src/temporal/connection';
import type { SupportActivities } from '../activities/types';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOW_PRELOAD_MODULES } from './workflow-bundle-options';

export interface SupportWorkerOptions {
  temporal: AppConfig['temporal'];
  address: string;
  activities: SupportActivities;
  /** a pre-built workflow bundle (tests build it once); otherwise the workflows are bundled at start */
  workflowBundlePath?: string;
  /** payload encryption, when configured */
  dataConverter?: DataConverter;
  /** issue workflows kept in memory between their tasks (the SDK's default sizes it from the heap: ~2,300) */
  maxCachedWorkflows?: number;
  /** extra WorkerOptions, e.g. for tests */
  overrides?: Partial<WorkerOptions>;
}


/** A worker polling the issue task queue with the issue workflow and all activities. */
export async function createSupportWorker(options: SupportWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const base = await temporalConnectionOptions(options.temporal, options.address);
  const connection = await NativeConnection.connect({
    address: base.address, tls: base.tls, apiKey: options.temporal.apiKey,
  });
  const workflowSource = options.workflowBundlePath
    ? { workflowBundle: { codePath: options.workflowBundlePath } }
    : {
      workflowsPath: require.resolve('../workflows'),
      interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
      bundlerOptions: { preloadModules: WORKFLOW_PRELOAD_MODULES },
    };
  const worker = await Worker.create({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.temporal.taskQueue,
    activities: options.activities,
    dataConverter: options.dataConverter,
    ...workflowSource,
    // Small machines: a handful of concurrent LLM calls is plenty; workflow tasks are cheap.
    maxConcurrentActivityTaskExecutions: 20,
    // Thousands of open issues wait on timers for days: a bounded cache keeps the worker's memory bounded
    // (an evicted issue replays its short history when it next has work).
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    shutdownGraceTime: '10s',
    ...options.overrides,
  });
  return { worker, connection };
}
