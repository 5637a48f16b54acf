/**
 * What one answered message costs the engine, read from a workflow's history: how many events, workflow tasks
 * and activities, and where the time went between them (queue wait vs. run time of each step).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

export interface StepTiming {
  step: string;
  /** scheduled -> started: waiting in the task queue for a poller */
  waitMs: number;
  /** started -> completed */
  runMs: number;
}

export interface HistoryProfile {
  workflowId: string;
  events: number;
  workflowTasks: number;
  activities: Record<string, number>;
  /** local activities and other markers */
  markers: number;
  eventTypes: Record<string, number>;
  /** first event -> last completed step */
  spanMs: number;
  steps: StepTiming[];
}

function millis(event: HistoryEvent | undefined): number {
  const t = event?.eventTime;
  if (!t) return Number.NaN;
  return Number(t.seconds ?? 0) * 1000 + (t.nanos ?? 0) / 1e6;
}

function typeName(event: HistoryEvent): string {
  const name = EventType[event.eventType ?? 0] ?? String(event.eventType);
  return name.replace(/^EVENT_TYPE_/, '');
}

export function profileHistory(workflowId: string, events: readonly HistoryEvent[]): HistoryProfile {
  const byId = new Map<number, HistoryEvent>(events.map((e) => [Number(e.eventId), e]));
  const eventTypes: Record<string, number> = {};
  const activities: Record<string, number> = {};
  const steps: StepTiming[] = [];
  let workflowTasks = 0;
  let markers = 0;
  let lastDone = Number.NaN;
  for (const event of events) {
    const name = typeName(event);
    eventTypes[name] = (eventTypes[name] ?? 0) + 1;
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: {
        workflowTasks += 1;
        const a = event.workflowTaskCompletedEventAttributes;
        const scheduled = byId.get(Number(a?.scheduledEventId));
        const started = byId.get(Number(a?.startedEventId));
        steps.push({ step: 'workflow task', waitMs: millis(started) - millis(scheduled), runMs: millis(event) - millis(started) });
        lastDone = millis(event);
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const type = event.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        activities[type] = (activities[type] ?? 0) + 1;
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const a = event.activityTaskCompletedEventAttributes;
        const scheduled = byId.get(Number(a?.scheduledEventId));
        const started = byId.get(Number(a?.startedEventId));
        const type = scheduled?.activityTaskScheduledEventAttributes?.activityType?.name ?? '?';
        steps.push({ step: `activity ${type}`, waitMs: millis(started) - millis(scheduled), runMs: millis(event) - millis(started) });
        lastDone = millis(event);
        break;
      }
      case EventType.EVENT_TYPE_MARKER_RECORDED:
        markers += 1;
        break;
      default:
    }
  }
  return {
    workflowId, events: events.length, workflowTasks, activities, markers, eventTypes,
    spanMs: lastDone - millis(events[0]), steps,
  };
}

export async function fetchProfile(client: Client, workflowId: string): Promise<HistoryProfile> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return profileHistory(workflowId, history.events ?? []);
}

/**
 * The workflow of one of Switchboard's issues, found from outside: the running workflow whose memo names an
 * issue id the gateway returned (Switchboard's own workflow-id scheme is not assumed).
 */
export async function findIssueWorkflowId(client: Client, issueIds: ReadonlySet<string>, startedAfter: Date, excludeTaskQueue: string): Promise<string | undefined> {
  const query = `StartTime >= "${startedAfter.toISOString()}" AND TaskQueue != "${excludeTaskQueue}"`;
  let looked = 0;
  for await (const execution of client.workflow.list({ query, pageSize: 200 })) {
    const issueId = execution.memo?.issueId;
    if (typeof issueId === 'string' && issueIds.has(issueId)) return execution.workflowId;
    if (++looked >= 5_000) break;
  }
  return undefined;
}
