import { resolvePolicy } from '../../src/domain/policy';
import type { IssueState } from '../../src/domain/issue';
import { nextDeadline, slaDueAt } from '../../workflows/deadlines';
import { initialIssueState } from '../../workflows/issue-state';

const policy = resolvePolicy('{"customerNudge":"10s","customerAutoClose":"30s","reopenWindow":"60s","csatWait":"20s"}');
const t0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();

function state(patch: Partial<IssueState>): IssueState {
  return { ...initialIssueState({ issueId: 'i', customerId: 'c', channel: 'api', policy }, iso(0)), ...patch };
}

describe('next deadline of an issue', () => {
  it('nudges, then auto-closes, while waiting for the customer', () => {
    expect(nextDeadline(state({ status: 'waiting_customer', waitingSince: iso(0) }), policy))
      .toEqual({ kind: 'nudge', at: t0 + 10_000 });
    expect(nextDeadline(state({ status: 'waiting_customer', waitingSince: iso(0), nudged: true }), policy))
      .toEqual({ kind: 'auto_close', at: t0 + 30_000 });
  });

  it('tracks first-response and resolution SLAs until each is met or breached once', () => {
    const task = {
      taskId: 't', status: 'queued' as const, priority: 'normal' as const, reason: 'low_confidence' as const, summary: '',
      createdAt: iso(0), firstResponseDueAt: iso(5_000), resolutionDueAt: iso(50_000), breached: [],
    };
    const s = state({ status: 'escalated', task });
    expect(nextDeadline(s, policy)).toEqual({ kind: 'sla_first_response', at: t0 + 5_000 });
    expect(slaDueAt(s)).toBe(iso(5_000));
    const breached = state({ status: 'escalated', task: { ...task, breached: ['first_response'] } });
    expect(nextDeadline(breached, policy)).toEqual({ kind: 'sla_resolution', at: t0 + 50_000 });
    const answered = state({ status: 'escalated', task: { ...task, firstRespondedAt: iso(1_000) } });
    expect(nextDeadline(answered, policy)?.kind).toBe('sla_resolution');
    const both = state({ status: 'escalated', task: { ...task, breached: ['first_response', 'resolution'] } });
    expect(nextDeadline(both, policy)).toBeUndefined();
    expect(slaDueAt(both)).toBeUndefined();
  });

  it('keeps a resolved issue for the reopen window (or the CSAT wait if longer)', () => {
    expect(nextDeadline(state({ status: 'resolved', resolvedAt: iso(0) }), policy))
      .toEqual({ kind: 'reopen_window_end', at: t0 + 60_000 });
    const shortWindow = { ...policy, reopenWindowMs: 5_000 };
    expect(nextDeadline(state({ status: 'resolved', resolvedAt: iso(0) }), shortWindow)?.at).toBe(t0 + 20_000);
    expect(nextDeadline(state({ status: 'resolved', resolvedAt: iso(0), csat: { score: 5, at: iso(1) } }), shortWindow)?.at)
      .toBe(t0 + 5_000);
  });
});
