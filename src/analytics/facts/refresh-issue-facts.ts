import { businessTimeBetween, weeklyOpenMs, type BusinessCalendar } from '../../domain/calendar';
import type { Db } from '../../db/pool';
import { getCalendar } from '../../db/sla/calendars';

/**
 * The analytics facts of issues (table issue_facts, migration 1733600000400): one row per issue, recomputed
 * from its events, tasks and issue row by the SQL function refresh_issue_facts (the calendar-time definitions),
 * then completed here with the business-hours durations, which need the calendar code the SLA clocks use.
 * Recomputing from the source rows makes it idempotent: a retried projection writes the same row again.
 */
type Query = Pick<Db, 'query'>;

const WEEK_MS = 7 * 86_400_000;

interface BusinessTodo {
  issue_id: string;
  /** text, to the microsecond: the update is guarded by it */
  refreshed_at: string;
  calendar_id: string | null;
  created_at: Date;
  first_customer_at: Date | null;
  first_reply_at: Date | null;
  escalated_at: Date | null;
  first_human_reply_at: Date | null;
  resolved_at: Date | null;
  final_resolved_at: Date | null;
  next_customer_at: Date[];
  next_reply_at: Date[];
}

const TODO_COLUMNS = `issue_id, refreshed_at::text AS refreshed_at, calendar_id, created_at, first_customer_at, first_reply_at,
  escalated_at, first_human_reply_at, resolved_at, final_resolved_at, next_customer_at, next_reply_at`;

/** Rewrites the facts of these issues (after the projection wrote a change of theirs): two round trips. */
export async function refreshIssueFacts(db: Query, issueIds: string[]): Promise<void> {
  if (issueIds.length === 0) return;
  const { rows } = await db.query<BusinessTodo>(`SELECT ${TODO_COLUMNS} FROM refresh_issue_facts($1::uuid[])`, [issueIds]);
  await writeBusinessHours(db, rows);
}

/**
 * Fills the business-hours durations of the facts rows that lack them (all of them, or those of `issueIds`),
 * `batch` rows at a time; answers how many it filled. The rows the migration backfilled are caught up by the
 * worker at start (catchUpBusinessHours).
 */
export async function fillBusinessHours(db: Query, issueIds?: string[], batch = 1000): Promise<number> {
  const { rows } = await db.query<BusinessTodo>(
    `SELECT ${TODO_COLUMNS} FROM issue_facts WHERE NOT business_done ${issueIds ? 'AND issue_id = ANY($2::uuid[])' : ''} LIMIT $1`,
    issueIds ? [batch, issueIds] : [batch],
  );
  return writeBusinessHours(db, rows);
}

/** Computes and writes the business-hours durations of these rows; answers how many it wrote. */
async function writeBusinessHours(db: Query, rows: BusinessTodo[]): Promise<number> {
  if (rows.length === 0) return 0;
  const calendars = new Map<string, BusinessCalendar | undefined>();
  for (const id of new Set(rows.map((r) => r.calendar_id).filter((c): c is string => c !== null))) {
    calendars.set(id, await cachedCalendar(db, id));
  }
  const filled = rows.map((r) => {
    const calendar = r.calendar_id ? calendars.get(r.calendar_id) : undefined;
    const between = (from: Date | null, to: Date | null) => (from && to ? businessSeconds(calendar, from, to) : null);
    return {
      issue_id: r.issue_id, refreshed_at: r.refreshed_at,
      first_response: between(r.first_customer_at, r.first_reply_at),
      human_first_response: between(r.escalated_at, r.first_human_reply_at),
      resolution: between(r.created_at, r.resolved_at),
      final_resolution: between(r.created_at, r.final_resolved_at),
      next_responses: r.next_customer_at.map((at, i) => between(at, r.next_reply_at[i] ?? null)),
    };
  });
  // only rows not refreshed since they were read: a newer refresh will fill its own
  const { rowCount } = await db.query(
    `UPDATE issue_facts f SET business_done = true, business_first_response_seconds = b.first_response,
       business_human_first_response_seconds = b.human_first_response, business_resolution_seconds = b.resolution,
       business_final_resolution_seconds = b.final_resolution,
       business_next_response_seconds = ARRAY(SELECT jsonb_array_elements_text(b.next_responses)::float8)
     FROM jsonb_to_recordset($1::jsonb) AS b(issue_id uuid, refreshed_at timestamptz, first_response float8,
       human_first_response float8, resolution float8, final_resolution float8, next_responses jsonb)
     WHERE f.issue_id = b.issue_id AND f.refreshed_at = b.refreshed_at`,
    [JSON.stringify(filled)],
  );
  return rowCount ?? 0;
}

/**
 * Calendars by id, kept a minute: the projection would otherwise read one for every change it writes. An edit
 * of a calendar reaches the facts written after that minute (the SLA clocks keep the calendar of their escalation).
 */
const CALENDAR_TTL_MS = 60_000;
const calendarCache = new Map<string, { calendar: BusinessCalendar | undefined; at: number }>();

async function cachedCalendar(db: Query, id: string): Promise<BusinessCalendar | undefined> {
  const cached = calendarCache.get(id);
  if (cached && Date.now() - cached.at < CALENDAR_TTL_MS) return cached.calendar;
  const calendar = await getCalendar(db, id);
  calendarCache.set(id, { calendar, at: Date.now() });
  return calendar;
}

/** Business seconds between two instants; without a calendar (none defined) calendar time. */
function businessSeconds(calendar: BusinessCalendar | undefined, from: Date, to: Date): number | null {
  // around the clock every day: business time is calendar time (and needs no walk over the days)
  if (!calendar || (calendar.holidays.length === 0 && weeklyOpenMs(calendar) === WEEK_MS)) {
    return (to.getTime() - from.getTime()) / 1000;
  }
  try {
    return businessTimeBetween(calendar, from, to) / 1000;
  } catch {
    return null; // a calendar that never opens: no business time to tell
  }
}

/** Fills every row still without business-hours figures (the rows the migration backfilled), a batch at a time. */
export async function catchUpBusinessHours(db: Query, log: (line: string) => void = () => undefined): Promise<number> {
  let total = 0;
  for (let n = await fillBusinessHours(db); n > 0; n = await fillBusinessHours(db)) total += n;
  if (total > 0) log(`analytics: business-hours figures filled for ${total} issues`);
  return total;
}
