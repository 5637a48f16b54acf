import { twentyFourSeven, type BusinessCalendar } from '../calendar/business-calendar';
import type { SupportPolicy } from '../policy';
import { PRIORITIES } from '../priority';
import { MAX_SLA_TARGET_MS } from './sla-duration';
import { DEFAULT_WARNING_SHARE, resolveTargets, type PolicySnapshot } from './sla-policy';
import type { SlaTargetDefinition } from './sla-policy-schema';

/** Ids of the 24/7 calendar and the Default policy that the migrations seed. */
export const DEFAULT_CALENDAR_ID = '00000000-0000-4000-8000-00000000ca1e';
export const DEFAULT_SLA_POLICY_ID = '00000000-0000-4000-8000-00000000051a';

const UNITS: Array<[string, number]> = [['w', 604_800_000], ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];

/** "15m", "1d", "90s": the short form in the largest unit that divides the length exactly. */
export function durationText(ms: number): string {
  const value = Math.min(Math.max(Math.round(ms), 1), MAX_SLA_TARGET_MS);
  const unit = UNITS.find(([, size]) => value % size === 0);
  return unit ? `${value / unit[1]}${unit[0]}` : `${value}ms`;
}

/** The SLA values of SUPPORT_POLICY as policy targets (a next response gets the first-response target). */
export function targetsOfSupportPolicy(policy: SupportPolicy): SlaTargetDefinition[] {
  return [...PRIORITIES].reverse().map((priority) => ({
    priority,
    firstResponse: durationText(policy.firstResponseMs[priority]),
    nextResponse: durationText(policy.firstResponseMs[priority]),
    resolution: durationText(policy.resolutionMs[priority]),
  }));
}

/**
 * SUPPORT_POLICY as a policy snapshot on a 24/7 calendar (or the one given): what the seeded Default policy holds
 * until an admin edits it. For workflow tests, and a fallback when no snapshot could be read.
 */
export function snapshotOfSupportPolicy(policy: SupportPolicy, calendar: BusinessCalendar = twentyFourSeven()): PolicySnapshot {
  return {
    policyId: DEFAULT_SLA_POLICY_ID,
    policyName: 'Default',
    policyUpdatedAt: '1970-01-01T00:00:00.000Z',
    calendarId: DEFAULT_CALENDAR_ID,
    calendarName: '24/7',
    calendar,
    warningShare: DEFAULT_WARNING_SHARE,
    targets: resolveTargets(targetsOfSupportPolicy(policy)),
  };
}
