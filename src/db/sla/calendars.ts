import { randomUUID } from 'node:crypto';
import type { BusinessCalendar } from '../../domain/calendar';
import { unreachableTargets, type SlaTargetDefinition } from '../../domain/sla';
import { inTransaction, type Db } from '../pool';
import { SlaPolicyRefused } from './refusals';
import { namedFields, type NamedRow } from './named-row';

/** Business-hours calendars as stored (validated by businessCalendarSchema before they get here). */
export { DEFAULT_CALENDAR_ID } from '../../domain/sla';

export interface CalendarRecord extends BusinessCalendar {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export type CalendarInput = BusinessCalendar & { name: string };

interface CalendarRow extends NamedRow {
  time_zone: string;
  slots: BusinessCalendar['slots'];
  holidays: string[];
}

const COLUMNS = 'id, name, time_zone, slots, holidays, created_at, updated_at';

function toRecord(row: CalendarRow): CalendarRecord {
  return { ...namedFields(row), timeZone: row.time_zone, slots: row.slots, holidays: row.holidays };
}

export async function listCalendars(db: Db): Promise<CalendarRecord[]> {
  const { rows } = await db.query<CalendarRow>(`SELECT ${COLUMNS} FROM business_calendars ORDER BY created_at, name`);
  return rows.map(toRecord);
}

export async function getCalendar(db: Pick<Db, 'query'>, id: string): Promise<CalendarRecord | undefined> {
  const { rows } = await db.query<CalendarRow>(`SELECT ${COLUMNS} FROM business_calendars WHERE id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

export async function createCalendar(db: Db, input: CalendarInput): Promise<CalendarRecord> {
  const { rows } = await db.query<CalendarRow>(
    `INSERT INTO business_calendars (id, name, time_zone, slots, holidays) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [randomUUID(), input.name, input.timeZone, JSON.stringify(input.slots), JSON.stringify(input.holidays)],
  );
  return toRecord(rows[0]);
}

/** Replaces a calendar; refused when a policy using it has a target the new hours would not reach in a year. */
export async function updateCalendar(db: Db, id: string, input: CalendarInput): Promise<CalendarRecord | undefined> {
  return inTransaction(db, async (client) => {
    const current = await client.query('SELECT 1 FROM business_calendars WHERE id = $1 FOR UPDATE', [id]);
    if (current.rows.length === 0) return undefined;
    const users = await client.query<{ name: string; targets: SlaTargetDefinition[] }>(
      'SELECT name, targets FROM sla_policies WHERE calendar_id = $1 ORDER BY name', [id],
    );
    const problems = users.rows.flatMap((policy) => unreachableTargets(policy.targets, input, input.name)
      .map((problem) => `policy "${policy.name}": ${problem}`));
    if (problems.length > 0) throw new SlaPolicyRefused('unreachable_target', problems.join('; '));
    const { rows } = await client.query<CalendarRow>(
      `UPDATE business_calendars SET name = $2, time_zone = $3, slots = $4, holidays = $5, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, input.name, input.timeZone, JSON.stringify(input.slots), JSON.stringify(input.holidays)],
    );
    return toRecord(rows[0]);
  });
}

export type CalendarDeletion = { deleted: true } | { deleted: false; reason: 'not_found' } | { deleted: false; reason: 'in_use'; policies: string[] };

/** A calendar a policy counts on stays (the foreign key holds it even against a concurrent policy edit). */
export async function deleteCalendar(db: Db, id: string): Promise<CalendarDeletion> {
  const users = await db.query<{ name: string }>('SELECT name FROM sla_policies WHERE calendar_id = $1 ORDER BY name', [id]);
  if (users.rows.length > 0) return { deleted: false, reason: 'in_use', policies: users.rows.map((r) => r.name) };
  const { rowCount } = await db.query('DELETE FROM business_calendars WHERE id = $1', [id]);
  return rowCount ? { deleted: true } : { deleted: false, reason: 'not_found' };
}
