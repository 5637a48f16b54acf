import { randomUUID } from 'node:crypto';
import { unreachableTargets, type SlaPolicyDefinition, type SlaTargetDefinition } from '../../domain/sla';
import type { BusinessCalendar } from '../../domain/calendar';
import { inTransaction, type Db } from '../pool';
import { namedFields, type NamedRow } from './named-row';
import { SlaPolicyRefused } from './refusals';

export { SlaPolicyRefused };

/** SLA policies as stored (validated by slaPolicyDefinitionSchema before they get here). Exactly one is the default. */
export { DEFAULT_SLA_POLICY_ID } from '../../domain/sla';

export interface SlaPolicyRecord {
  id: string;
  name: string;
  calendarId: string;
  warningShare: number;
  targets: SlaTargetDefinition[];
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

interface PolicyRow extends NamedRow {
  calendar_id: string;
  warning_share: number;
  targets: SlaTargetDefinition[];
  is_default: boolean;
}

const COLUMNS = 'id, name, calendar_id, warning_share, targets, is_default, created_at, updated_at';

function toRecord(row: PolicyRow): SlaPolicyRecord {
  return {
    ...namedFields(row), calendarId: row.calendar_id, warningShare: row.warning_share, targets: row.targets, isDefault: row.is_default,
  };
}


export async function listSlaPolicies(db: Db): Promise<SlaPolicyRecord[]> {
  const { rows } = await db.query<PolicyRow>(`SELECT ${COLUMNS} FROM sla_policies ORDER BY is_default DESC, created_at, name`);
  return rows.map(toRecord);
}

export async function getSlaPolicy(db: Pick<Db, 'query'>, id: string): Promise<SlaPolicyRecord | undefined> {
  const { rows } = await db.query<PolicyRow>(`SELECT ${COLUMNS} FROM sla_policies WHERE id = $1`, [id]);
  return rows[0] && toRecord(rows[0]);
}

type Client = import('pg').PoolClient;

/** The policy's calendar, held against a concurrent delete or edit; its targets must fit the calendar. */
async function lockCalendar(client: Client, input: SlaPolicyDefinition): Promise<void> {
  // FOR KEY SHARE: a concurrent delete or edit of the calendar waits for us (and then sees this policy)
  const { rows } = await client.query<{ name: string; time_zone: string; slots: BusinessCalendar['slots']; holidays: string[] }>(
    'SELECT name, time_zone, slots, holidays FROM business_calendars WHERE id = $1 FOR KEY SHARE', [input.calendarId],
  );
  if (rows.length === 0) throw new SlaPolicyRefused('unknown_calendar', `calendarId ${input.calendarId} names no calendar`);
  const { name, time_zone: timeZone, slots, holidays } = rows[0];
  const problems = unreachableTargets(input.targets, { timeZone, slots, holidays }, name);
  if (problems.length > 0) throw new SlaPolicyRefused('unreachable_target', problems.join('; '));
}

async function takeDefault(client: Client, id: string): Promise<void> {
  await client.query('UPDATE sla_policies SET is_default = false, updated_at = now() WHERE is_default AND id <> $1', [id]);
}

export async function createSlaPolicy(db: Db, input: SlaPolicyDefinition): Promise<SlaPolicyRecord> {
  return inTransaction(db, async (client) => {
    await lockCalendar(client, input);
    const id = randomUUID();
    if (input.isDefault) await takeDefault(client, id);
    const { rows } = await client.query<PolicyRow>(
      `INSERT INTO sla_policies (id, name, calendar_id, warning_share, targets, is_default, edited_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING ${COLUMNS}`,
      [id, input.name, input.calendarId, input.warningShare, JSON.stringify(input.targets), input.isDefault === true],
    );
    return toRecord(rows[0]);
  });
}

/** Replaces a policy; `isDefault: true` makes it the default, `false` on the default is refused (name another). */
export async function updateSlaPolicy(db: Db, id: string, input: SlaPolicyDefinition): Promise<SlaPolicyRecord> {
  return inTransaction(db, async (client) => {
    const current = await client.query<{ is_default: boolean }>('SELECT is_default FROM sla_policies WHERE id = $1 FOR UPDATE', [id]);
    if (current.rows.length === 0) throw new SlaPolicyRefused('not_found', `no SLA policy ${id}`);
    const wasDefault = current.rows[0].is_default;
    if (wasDefault && input.isDefault === false) {
      throw new SlaPolicyRefused('default_policy', 'this is the default policy: make another policy the default instead');
    }
    await lockCalendar(client, input);
    if (input.isDefault && !wasDefault) await takeDefault(client, id);
    const { rows } = await client.query<PolicyRow>(
      `UPDATE sla_policies SET name = $2, calendar_id = $3, warning_share = $4, targets = $5, is_default = $6,
         edited_at = now(), updated_at = now()
       WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, input.name, input.calendarId, input.warningShare, JSON.stringify(input.targets), wasDefault || input.isDefault === true],
    );
    return toRecord(rows[0]);
  });
}

export async function deleteSlaPolicy(db: Db, id: string): Promise<void> {
  const { rows } = await db.query<{ is_default: boolean }>(
    'DELETE FROM sla_policies WHERE id = $1 AND NOT is_default RETURNING is_default', [id],
  );
  if (rows.length > 0) return;
  const exists = await getSlaPolicy(db, id);
  if (!exists) throw new SlaPolicyRefused('not_found', `no SLA policy ${id}`);
  throw new SlaPolicyRefused('default_policy', 'the default policy cannot be deleted: make another policy the default first');
}
