import type { Channel } from '../../domain/channel';
import type { Priority } from '../../domain/priority';
import { resolveTargets, targetFor, type PolicyInForce, type PolicySnapshot } from '../../domain/sla';
import type { Db } from '../pool';
import { getCalendar } from './calendars';

export type { PolicyInForce };

/**
 * The SLA policy a task escalated now gets (the default policy) with its calendar, as plain JSON. The issue
 * workflow records it on the task (through an activity), so later edits of the policy or calendar never move a
 * running clock. Holidays already past are left out: they cannot matter to a clock that starts now.
 */
export async function policyInForce(
  db: Db, task: { priority: Priority; channel?: Channel }, now: Date = new Date(),
): Promise<PolicyInForce> {
  const { rows } = await db.query<{ id: string; name: string; calendar_id: string; warning_share: number; targets: never; updated_at: Date }>(
    'SELECT id, name, calendar_id, warning_share, targets, updated_at FROM sla_policies WHERE is_default',
  );
  const policy = rows[0];
  if (!policy) throw new Error('no default SLA policy (the migrations create one; was it removed by hand?)');
  const calendar = await getCalendar(db, policy.calendar_id);
  if (!calendar) throw new Error(`SLA policy ${policy.id} names calendar ${policy.calendar_id}, which does not exist`);
  // a day of margin: a local date "yesterday" in UTC may still be today in the calendar's zone
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  const snapshot: PolicySnapshot = {
    policyId: policy.id,
    policyName: policy.name,
    policyUpdatedAt: policy.updated_at.toISOString(),
    calendarId: calendar.id,
    calendarName: calendar.name,
    calendar: { timeZone: calendar.timeZone, slots: calendar.slots, holidays: calendar.holidays.filter((d) => d >= yesterday) },
    warningShare: policy.warning_share,
    targets: resolveTargets(policy.targets),
  };
  return { ...snapshot, target: targetFor(snapshot, task.priority, task.channel) };
}
