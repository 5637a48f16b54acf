import { randomUUID } from 'node:crypto';
import type { Channel } from '../domain/channel';
import { inTransaction, type Db } from '../db/pool';
import { isUniqueViolation } from '../db/pg-errors';
import type { CreateExperiment } from './experiment-schemas';
import type { ScenarioSetting } from './scenario-settings';

export interface ExperimentVariant { name: string; share: number; value: unknown }

export interface Experiment {
  id: string;
  name: string;
  setting: ScenarioSetting;
  channel: Channel | null;
  variants: ExperimentVariant[];
  status: 'running' | 'stopped';
  startedAt: string;
  stoppedAt: string | null;
  winner: string | null;
}

/** Why an experiment change was refused: answered as 409 with this code. */
export class ExperimentConflict extends Error {
  override name = 'ExperimentConflict';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const COLUMNS = `id, name, setting, channel, variants, status, started_at AS "startedAt", stopped_at AS "stoppedAt", winner`;

function rowOf(row: Record<string, unknown>): Experiment {
  // a Date from a column, a string when the row came as JSON
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : new Date(String(v)).toISOString());
  return { ...(row as unknown as Experiment), startedAt: iso(row.startedAt)!, stoppedAt: iso(row.stoppedAt) };
}

export async function createExperiment(db: Db, body: CreateExperiment, createdBy?: string): Promise<Experiment> {
  try {
    const { rows } = await db.query(
      `INSERT INTO experiments (id, name, setting, channel, variants, created_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [randomUUID(), body.name, body.setting, body.channel, JSON.stringify(body.variants), createdBy ?? null]);
    return rowOf(rows[0]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ExperimentConflict('experiment_running', `an experiment on ${body.setting} is running already: stop it first`);
    }
    throw error;
  }
}

export async function listExperiments(db: Db): Promise<Experiment[]> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM experiments ORDER BY started_at DESC, id`);
  return rows.map(rowOf);
}

export async function findExperiment(db: Db, id: string): Promise<Experiment | undefined> {
  const { rows } = await db.query(`SELECT ${COLUMNS} FROM experiments WHERE id = $1`, [id]);
  return rows[0] ? rowOf(rows[0]) : undefined;
}

/** Ends a running experiment: from now on everybody gets the setting's value outside the experiment. */
export async function stopExperiment(db: Db, id: string): Promise<Experiment | undefined> {
  const { rows } = await db.query(
    `UPDATE experiments SET status = 'stopped', stopped_at = now() WHERE id = $1 AND status = 'running' RETURNING ${COLUMNS}`, [id]);
  if (rows[0]) return rowOf(rows[0]);
  const existing = await findExperiment(db, id);
  if (existing) throw new ExperimentConflict('experiment_stopped', 'this experiment is stopped already');
  return undefined;
}

/**
 * Rolls a variant out to everyone (in the experiment's channel scope): stops the experiment if it runs, records
 * the winner and makes its value the setting's value, in one transaction. A stopped experiment whose winner is
 * not chosen yet may still be rolled out; one rolled out already may not (another value may rule by now).
 */
export async function rollOutVariant(db: Db, id: string, variant: string): Promise<Experiment | undefined> {
  return inTransaction(db, async (tx) => {
    const { rows } = await tx.query(`SELECT ${COLUMNS} FROM experiments WHERE id = $1 FOR UPDATE`, [id]);
    if (!rows[0]) return undefined;
    const experiment = rowOf(rows[0]);
    const chosen = experiment.variants.find((v) => v.name === variant);
    if (!chosen) throw new ExperimentConflict('unknown_variant', `this experiment has no variant "${variant}"`);
    if (experiment.winner) throw new ExperimentConflict('experiment_rolled_out', `variant "${experiment.winner}" was rolled out already`);
    const updated = await tx.query(
      `UPDATE experiments SET status = 'stopped', stopped_at = COALESCE(stopped_at, now()), winner = $2 WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, variant]);
    await tx.query(
      `INSERT INTO scenario_settings (setting, channel, value, experiment_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (setting, channel) DO UPDATE SET value = EXCLUDED.value, experiment_id = EXCLUDED.experiment_id, updated_at = now()`,
      [experiment.setting, experiment.channel ?? '', JSON.stringify(chosen.value), id]);
    return rowOf(updated.rows[0]);
  });
}

/** The running experiments a customer on `channel` takes part in. */
export async function runningExperimentsOn(db: Db, channel: string): Promise<Experiment[]> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS} FROM experiments WHERE status = 'running' AND (channel IS NULL OR channel = $1) ORDER BY setting`, [channel]);
  return rows.map(rowOf);
}

/**
 * What a turn's scenario is made of, on the channel the gateway recorded the issue on, in one round trip: the
 * running experiments (the same rows as runningExperimentsOn) and the rolled-out values (a channel's own value
 * before the one for every channel).
 */
export async function scenarioSourcesOfIssue(
  db: Db, issueId: string,
): Promise<{ channel: string; experiments: Experiment[]; rolledOut: { setting: ScenarioSetting; value: unknown }[] }> {
  const { rows } = await db.query<{ channel: string; experiments: Record<string, unknown>[]; rolled_out: { setting: ScenarioSetting; value: unknown }[] }>(
    `SELECT i.channel,
       COALESCE((SELECT json_agg(e ORDER BY e.setting) FROM (SELECT ${COLUMNS} FROM experiments
         WHERE status = 'running' AND (channel IS NULL OR channel = i.channel)) e), '[]') AS experiments,
       COALESCE((SELECT json_agg(s) FROM (SELECT DISTINCT ON (setting) setting, value FROM scenario_settings
         WHERE channel IN ('', i.channel) ORDER BY setting, channel DESC) s), '[]') AS rolled_out
     FROM (SELECT COALESCE((SELECT channel FROM issues WHERE id = $1), '') AS channel) i`, [issueId]);
  const row = rows[0]!;
  return { channel: row.channel, experiments: row.experiments.map(rowOf), rolledOut: row.rolled_out };
}

/** Records which variant each customer got, for analytics; the first record stands (assignment never changes). */
export async function recordAssignments(db: Db, customerId: string, assignments: { experimentId: string; variant: string }[]): Promise<void> {
  if (assignments.length === 0) return;
  await db.query(
    `INSERT INTO experiment_assignments (experiment_id, customer_id, variant)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[]) ON CONFLICT DO NOTHING`,
    [assignments.map((a) => a.experimentId), assignments.map(() => customerId), assignments.map((a) => a.variant)]);
}

export interface RolledOutSetting {
  setting: ScenarioSetting;
  /** null: every channel */
  channel: Channel | null;
  value: unknown;
  experimentId: string | null;
  updatedAt: string;
}

/** Every rolled-out value, for the admin's overview. */
export async function listRolledOutSettings(db: Db): Promise<RolledOutSetting[]> {
  const { rows } = await db.query(
    `SELECT setting, NULLIF(channel, '') AS channel, value, experiment_id AS "experimentId", updated_at AS "updatedAt"
     FROM scenario_settings ORDER BY setting, channel`);
  return rows.map((r) => ({ ...r, updatedAt: (r.updatedAt as Date).toISOString() }) as RolledOutSetting);
}

/** Removes a rolled-out value: the setting goes back to the built-in behaviour there. False when there was none. */
export async function removeRolledOutSetting(db: Db, setting: ScenarioSetting, channel: Channel | null): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM scenario_settings WHERE setting = $1 AND channel = $2', [setting, channel ?? '']);
  return (rowCount ?? 0) > 0;
}
