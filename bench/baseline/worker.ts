/**
 * The baseline's worker process (a child of `npm run bench`): bundles bench/baseline/workflow.ts and polls its
 * own task queue on the same dev server as Switchboard. Settings come from the environment the harness sets.
 */
import { createServer } from 'node:http';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createBaselineActivities } from './activities';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: required('TEMPORAL_ADDRESS') });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: required('BASELINE_TASK_QUEUE'),
    workflowsPath: require.resolve('./workflow'),
    activities: createBaselineActivities(required('BASELINE_WEBHOOK_URL'), required('BASELINE_WEBHOOK_SECRET')),
    // The same activity slots as Switchboard's worker, so neither side gets more concurrency.
    maxConcurrentActivityTaskExecutions: 20,
    shutdownGraceTime: '5s',
  });
  const running = worker.run();
  // Readiness for the harness, on loopback.
  const health = createServer((_req, res) => {
    const ok = worker.getState() === 'RUNNING';
    res.writeHead(ok ? 200 : 503).end();
  });
  health.listen(Number(required('BASELINE_HEALTH_PORT')), '127.0.0.1');
  const stop = () => {
    health.close();
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await running;
  await connection.close();
}

main().catch((error) => {
  process.stderr.write(`baseline worker: ${error?.stack ?? error}\n`);
  process.exit(1);
});
