/**
 * The issue state's byte budget (src/domain/state-budget.ts) holds for any conversation: whatever messages,
 * audit turns, tasks and ids it accumulated, the state fits after fitStateBudget and keeps the newest messages.
 */
import fc from 'fast-check';
import type { IssueMessage, IssueState } from '../../src/domain/issue';
import { STATE_BUDGET_BYTES, STATE_LIMITS, fitStateBudget, messageForState, stateBytes } from '../../src/domain/state-budget';
import { rememberMessage } from '../../workflows/issue-state';

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 3_000 }),
  fc.constantFrom('Посылка пришла повреждённой. '.repeat(300), '😀'.repeat(5_000), 'x'.repeat(20_000)),
);

function baseState(): IssueState {
  return {
    issueId: 'i', customerId: 'c', status: 'escalated', channel: 'api', priority: 'normal', messages: [],
    olderMessageCount: 0, pastTasks: [], breaches: [], createdAt: new Date(0).toISOString(), nudged: false,
    reopenCount: 0, seq: 0, seenMessageIds: [], version: 0,
  };
}

it('fits any conversation into the budget and keeps the newest message', () => {
  fc.assert(fc.property(fc.array(text, { minLength: 1, maxLength: 400 }), fc.array(fc.string({ maxLength: 300 }), { maxLength: 3_000 }), (texts, ids) => {
    const state = baseState();
    texts.forEach((t, i) => {
      const message: IssueMessage = { id: `m${i}`, direction: 'inbound', author: 'customer', channel: 'api', text: t, at: new Date(i).toISOString() };
      rememberMessage(state, message);
      state.audit = [...(state.audit ?? []), {
        at: message.at, messageId: message.id, source: 'offline', retrieved: [], cited: [], decision: 'escalate', reason: t.slice(0, 500),
      }];
    });
    state.seenMessageIds = ids;
    fitStateBudget(state);
    expect(stateBytes(state)).toBeLessThanOrEqual(STATE_BUDGET_BYTES);
    expect(state.messages.length + state.olderMessageCount).toBe(texts.length);
    expect(state.messages.at(-1)?.id).toBe(`m${texts.length - 1}`);
    expect(state.messages.length).toBeLessThanOrEqual(STATE_LIMITS.messages);
    expect(state.seenMessageIds.length).toBeLessThanOrEqual(STATE_LIMITS.seenMessageIds);
  }), { numRuns: 60 });
});

it('shortens a message kept in the state, never the one sent or stored', () => {
  fc.assert(fc.property(text, (t) => {
    const message: IssueMessage = { id: 'm', direction: 'outbound', author: 'operator', channel: 'api', text: t, at: '' };
    const kept = messageForState(message);
    expect(kept.text.length).toBeLessThanOrEqual(STATE_LIMITS.messageTextChars + 1);
    expect(message.text).toBe(t);
    expect(kept.text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    if (t.length <= STATE_LIMITS.messageTextChars) expect(kept.text).toBe(t);
  }));
});
