/** What the issue shows to the gateway (query) and to the projection: the state without its bookkeeping. */
import type { IssueState } from '../src/domain/issue';
import { shownTask } from '../src/domain/sla/task-sla';

export function publicIssueState(state: IssueState, options: { withMessages: boolean; withAudit?: boolean }): IssueState {
  const { seenMessageIds: _seen, operatorRequests: _requests, outbox, audit, ...shown } = state;
  return {
    ...shown,
    ...(options.withAudit === false || audit === undefined ? {} : { audit }),
    messages: options.withMessages ? shown.messages : [],
    ...(shown.task ? { task: shownTask(shown.task) } : {}),
    seenMessageIds: [],
    // texts waiting for delivery are in `messages` already; the count tells the operator something is pending
    outbox: outbox?.map(({ message, startsWaiting }) => ({ message: { ...message, text: '' }, startsWaiting })),
  };
}
