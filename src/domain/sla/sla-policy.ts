import { weeklyOpenMs, type BusinessCalendar } from '../calendar/business-calendar';
import type { Channel } from '../channel';
import type { Priority } from '../priority';
import { slaDurationMs } from './sla-duration';
import type { SlaTargetDefinition } from './sla-policy-schema';

/**
 * An SLA policy: targets per priority (and optionally per channel) counted on a business-hours calendar, and the
 * share of a target after which the holder and supervisors are warned. A policy as an admin writes it, and the
 * snapshot the workflow records on a task so that a later edit never changes a running clock.
 */
export const DEFAULT_WARNING_SHARE = 0.8;

export interface SlaTargetMs {
  priority: Priority;
  channel?: Channel;
  firstResponseMs: number;
  nextResponseMs: number;
  resolutionMs: number;
}

/** Everything a running SLA clock needs, as plain JSON: the policy and its calendar as they were when taken. */
export interface PolicySnapshot {
  policyId: string;
  policyName: string;
  /** when the policy was last changed: tells two snapshots of one policy apart */
  policyUpdatedAt: string;
  calendarId: string;
  calendarName: string;
  calendar: BusinessCalendar;
  warningShare: number;
  targets: SlaTargetMs[];
}

/** A snapshot with the target for the task's priority and channel already picked (what policyInForce returns). */
export interface PolicyInForce extends PolicySnapshot {
  target: SlaTargetMs;
}

export function resolveTargets(targets: SlaTargetDefinition[]): SlaTargetMs[] {
  return targets.map((t) => ({
    priority: t.priority,
    ...(t.channel ? { channel: t.channel } : {}),
    firstResponseMs: slaDurationMs(t.firstResponse),
    nextResponseMs: slaDurationMs(t.nextResponse),
    resolutionMs: slaDurationMs(t.resolution),
  }));
}

/** The target for a priority on a channel: the channel's own when the policy has one, else the priority's. */
export function targetFor(policy: Pick<PolicySnapshot, 'targets' | 'policyName'>, priority: Priority, channel?: Channel): SlaTargetMs {
  const target = policy.targets.find((t) => t.priority === priority && channel !== undefined && t.channel === channel)
    ?? policy.targets.find((t) => t.priority === priority && t.channel === undefined);
  if (!target) throw new Error(`SLA policy "${policy.policyName}" has no target for priority ${priority}`);
  return target;
}

const HOUR = 3_600_000;
const hours = (ms: number) => `${Math.round((ms / HOUR) * 10) / 10} h`;

/**
 * Targets a calendar reaches within a year of ordinary weeks. A longer one would put its deadline years away
 * (P30D on an hour a week is eleven years), which is a mistake, and costs every computation of it.
 */
export function unreachableTargets(targets: SlaTargetDefinition[], calendar: BusinessCalendar, calendarName: string): string[] {
  const yearly = 52 * weeklyOpenMs(calendar);
  const problems: string[] = [];
  for (const target of targets) {
    for (const kind of ['firstResponse', 'nextResponse', 'resolution'] as const) {
      const ms = slaDurationMs(target[kind]);
      if (ms > yearly) {
        problems.push(`${kind} ${target[kind]} of priority ${target.priority}${target.channel ? ` on ${target.channel}` : ''} needs ${hours(ms)} of open time; calendar "${calendarName}" has ${hours(yearly)} in a year`);
      }
    }
  }
  return problems;
}
