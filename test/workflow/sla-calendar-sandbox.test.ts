/**
 * The calendar and SLA maths run inside the workflow sandbox (the issue workflow will call them there) and give
 * the same instants as in Node, across a daylight-saving change.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { businessCalendarSchema } from '../../src/domain/calendar';
import { resolveTargets, type PolicySnapshot } from '../../src/domain/sla';
import { slaCalendarWorkflow } from './fixtures/sla-calendar-workflow';
import { connectClient, startWorker, uniqueTaskQueue } from '../support/temporal';

const day = [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '18:00' }];
const calendar = businessCalendarSchema.parse({
  timeZone: 'Europe/Berlin', slots: { mon: day, tue: day, wed: day, thu: day, fri: day }, holidays: ['2026-03-30'],
});
const policy: PolicySnapshot = {
  policyId: 'b7a3f1de-0d8c-4d43-9a51-4c1f0e1d2a10', policyName: 'Office', policyUpdatedAt: '2026-03-01T00:00:00.000Z',
  calendarId: '0f5d1c9e-6d55-4a57-8a0e-8d4a3b6f2c11', calendarName: 'Berlin', calendar, warningShare: 0.8,
  targets: resolveTargets(['low', 'normal', 'high', 'urgent'].map((priority) => ({
    priority: priority as 'low', firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT8H',
  }))),
};

it('gives the same answers inside the workflow sandbox as in Node', async () => {
  const bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./fixtures/sla-calendar-workflow.ts'),
    logger: { log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  const taskQueue = uniqueTaskQueue('sla-sandbox');
  const worker = await startWorker(taskQueue, {}, { workflowBundle: { code: bundle.code } });
  const client = await connectClient();
  try {
    // Fri 27 Mar 2026 17:00 CET; Berlin moves to CEST on Sunday; Monday 30 is a holiday here
    const from = '2026-03-27T16:00:00.000Z';
    const inSandbox = await client.workflow.execute(slaCalendarWorkflow, {
      taskQueue, workflowId: `sla-sandbox-${taskQueue}`, args: [calendar, policy, from],
    });
    expect(inSandbox).toEqual(await slaCalendarWorkflow(calendar, policy, from));
    expect(new Date(inSandbox.due).toISOString()).toBe('2026-03-31T12:00:00.000Z'); // Fri 17–18, Tue 09–12, 13–14 CEST
    expect(inSandbox.open).toBe(true);
    expect(inSandbox.opening).toBe('2026-03-31T09:00:00.000+02:00');
    expect(inSandbox.closedText).toContain('во вторник, 31 марта, в 09:00');
  } finally {
    await worker.stop();
    await client.connection.close();
  }
}, 120_000);
