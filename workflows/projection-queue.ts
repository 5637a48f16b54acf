/**
 * What an issue workflow still has to write to PostgreSQL: new messages, task snapshots and events, and the issue
 * row when a projected field changed. The pending change rides on the next activity that goes out anyway (a turn,
 * a delivery) or is written by the projection loop; it is taken whole and in order, so PostgreSQL never goes back
 * in time. Deterministic: only the workflow's state and ids.
 */
import { workflowInfo } from '@temporalio/workflow';
import { AUDIT_BESIDE_SUMMARY_PATCH, issuePatched } from './patches';
import type { IssueEvent, ProjectionChange } from '../activities/types';
import type { HumanTask, IssueMessage, IssueState, TurnAudit } from '../src/domain/issue';
import { slaDueAt } from './deadlines';
import { publicIssueState } from './public-state';

export type ProjectedIssue = Omit<ProjectionChange['issue'], 'version'>;

export { AUDIT_BESIDE_SUMMARY_PATCH } from './patches';

const auditKey = (turn: TurnAudit | undefined) => (turn ? `${turn.at}|${turn.messageId}` : undefined);

/** Equal as JSON whatever the order of keys (undefined values count as absent). */
function sameJson(a: object, b: object): boolean {
  const canonical = (o: object) => JSON.stringify(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined).sort(([x], [y]) => x.localeCompare(y))));
  return canonical(a) === canonical(b);
}

export class ProjectionQueue {
  private messages: IssueMessage[] = [];
  private tasks: HumanTask[] = [];
  private events: IssueEvent[] = [];
  /** the issue row as last handed to PostgreSQL, as JSON ('' when unknown) */
  private lastProjected: string;
  /**
   * The projected issue row as JSON, computed once per state version: conditions ask for it after every job of
   * every activation, and every change to a projected field bumps the version before the next await.
   */
  private fingerprint = { version: -1, json: '' };
  /** the patch's answer, asked at the first change taken (undefined before) */
  private auditBeside: boolean | undefined;
  /**
   * the last turn audit handed to PostgreSQL (its key). A turn's audit is recorded after its activity returned;
   * it rides on the next change that goes anyway (it alone is not worth an activity).
   */
  private auditProjected: string | undefined;

  /** `carried`: a continued run, whose previous run left PostgreSQL up to date */
  constructor(private readonly state: IssueState, carried: boolean, private readonly touch: () => void) {
    this.lastProjected = carried ? JSON.stringify(this.issue()) : '';
    // (a continued run sends the kept audits once more with its first change: the last turn's may not be written)
  }

  /** The turn audits recorded after the last one projected (all kept ones when that one was dropped by the cap). */
  private newAudit(): TurnAudit[] {
    const audit = this.state.audit ?? [];
    if (audit.length === 0 || auditKey(audit.at(-1)) === this.auditProjected) return [];
    const last = audit.findIndex((turn) => auditKey(turn) === this.auditProjected);
    return audit.slice(last + 1);
  }

  addMessage(message: IssueMessage): void {
    this.messages.push(message);
  }
  addTask(task: HumanTask): void {
    this.tasks.push(task);
  }
  addEvent(event: IssueEvent): void {
    this.events.push(event);
  }

  issue(): ProjectedIssue {
    const state = this.state;
    return {
      issueId: state.issueId, customerId: state.customerId, status: state.status, channel: state.channel,
      priority: state.priority, createdAt: state.createdAt, firstResponseAt: state.firstResponseAt,
      resolvedAt: state.resolvedAt, resolvedBy: state.resolvedBy, csat: state.csat,
      category: state.classification?.category, assignedOperatorId: state.task?.operatorId, slaDueAt: slaDueAt(state),
    };
  }

  private issueFingerprint(): string {
    if (this.fingerprint.version !== this.state.version) {
      this.fingerprint = { version: this.state.version, json: JSON.stringify(this.issue()) };
    }
    return this.fingerprint.json;
  }

  /** Something PostgreSQL does not show yet (bookkeeping such as waitingSince alone is not worth a write). */
  pending(): boolean {
    return this.messages.length > 0 || this.tasks.length > 0 || this.events.length > 0
      || this.issueFingerprint() !== this.lastProjected;
  }

  /** Takes everything pending as one change (in order: PostgreSQL never goes back in time). */
  take(): ProjectionChange | undefined {
    if (!this.pending()) return undefined;
    const issue = this.issue();
    this.lastProjected = this.issueFingerprint();
    this.auditBeside ??= issuePatched(AUDIT_BESIDE_SUMMARY_PATCH);
    const change: ProjectionChange = {
      issue: { ...issue, version: this.state.version },
      messages: this.messages, tasks: this.tasks, events: this.events,
      runId: workflowInfo().runId,
      summary: publicIssueState(this.state, { withMessages: false, withAudit: !this.auditBeside }) as unknown as Record<string, unknown>,
    };
    if (this.auditBeside) {
      const audit = this.newAudit();
      if (audit.length > 0) change.audit = audit;
      this.auditProjected = auditKey(this.state.audit?.at(-1));
    }
    this.messages = [];
    this.tasks = [];
    this.events = [];
    return change;
  }

  /**
   * The activity that carried a change failed (its retries ran out, e.g. through a database outage): the change
   * may not be written, so it goes back in front of what is pending, for the projection's own unlimited retries.
   * Writing it twice is harmless (idempotent, versioned; a task's last snapshot wins).
   */
  notWritten(change: ProjectionChange | undefined): void {
    if (!change) return;
    this.messages = [...(change.messages ?? []), ...this.messages];
    this.tasks = [...(change.tasks ?? []), ...this.tasks];
    this.events = [...(change.events ?? []), ...this.events];
    this.lastProjected = '';
    if (change.audit) this.auditProjected = undefined; // all kept audits again: PostgreSQL keeps each once
    this.touch();
  }

  /** An activity wrote this issue row itself: when it is the row the state projects now, nothing is pending for it. */
  writtenBy(expected: ProjectedIssue): void {
    if (sameJson(expected, this.issue())) this.lastProjected = this.issueFingerprint();
  }
}
