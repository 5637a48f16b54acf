/**
 * The bare-Temporal baseline: one conversation per customer, started or continued by `signalWithStart`; each
 * message runs one activity that POSTs the reply to the webhook receiver. It then waits on a long timer, as an
 * open issue does. Nothing else: the engine's own cost of "a message in, a reply out".
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities, BaselineMessage } from './types';

export const baselineMessageSignal = defineSignal<[BaselineMessage]>('message');

const { postReply } = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s' },
});

/** Same order of magnitude as the customer nudge: the conversation stays open, waiting on a timer. */
const IDLE_TIMEOUT = '7d';

export async function baselineConversation(): Promise<void> {
  const inbox: BaselineMessage[] = [];
  setHandler(baselineMessageSignal, (message) => {
    inbox.push(message);
  });
  for (;;) {
    if (!(await condition(() => inbox.length > 0, IDLE_TIMEOUT))) return;
    const message = inbox.shift()!;
    await postReply(message);
  }
}
