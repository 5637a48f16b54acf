/**
 * The `intent_models` table: one row per version of the labelled examples (and serialisation format). A worker
 * claims a version before training it, with a lease it renews; the first to claim trains, the others wait for
 * the stored model. Every statement is one round trip; none holds a connection while training runs.
 */
import type { Db } from '../../db/pool';
import { INTENT_MODEL_FORMAT } from '../intent-model/intent-classifier';

export type StoredModelStatus = 'training' | 'ready' | 'failed';

export interface StoredModelInfo {
  version: string;
  status: StoredModelStatus;
  examples: number;
  intents: number | null;
  answerThreshold: number | null;
  trainingSeconds: number | null;
  trainedAt: Date | null;
  error: string | null;
}

export interface StoredModel {
  version: string;
  json: string;
  answerThreshold: number;
  examples: number;
  trainedAt: Date;
}

const INFO_COLUMNS = `examples_version AS version, status, examples, intents, answer_threshold AS "answerThreshold",
  training_seconds AS "trainingSeconds", trained_at AS "trainedAt", error`;

export async function findStoredModel(db: Db, version: string): Promise<StoredModelInfo | undefined> {
  const { rows } = await db.query<StoredModelInfo>(
    `SELECT ${INFO_COLUMNS} FROM intent_models WHERE examples_version = $1 AND format = $2`, [version, INTENT_MODEL_FORMAT]);
  return rows[0];
}

/**
 * Takes the right to train `version`: a new row, a claim whose trainer stopped renewing it, or a failed
 * training whose retry delay is over. True when this worker holds it now.
 */
export async function claimTraining(db: Db, version: string, worker: string, examples: number, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO intent_models (examples_version, format, status, claimed_by, lease_until, examples)
     VALUES ($1, $2, 'training', $3, now() + $4 * interval '1 millisecond', $5)
     ON CONFLICT (examples_version, format) DO UPDATE
       SET status = 'training', claimed_by = EXCLUDED.claimed_by, lease_until = EXCLUDED.lease_until, created_at = now()
       WHERE intent_models.status <> 'ready' AND intent_models.lease_until < now()`,
    [version, INTENT_MODEL_FORMAT, worker, leaseMs, examples]);
  return rowCount === 1;
}

export async function renewClaim(db: Db, version: string, worker: string, leaseMs: number): Promise<void> {
  await db.query(
    `UPDATE intent_models SET lease_until = now() + $4 * interval '1 millisecond'
     WHERE examples_version = $1 AND format = $2 AND status = 'training' AND claimed_by = $3`,
    [version, INTENT_MODEL_FORMAT, worker, leaseMs]);
}

/** Gives up a claim (shutting down, or the examples changed under it) so another worker trains at once. */
export async function releaseClaim(db: Db, version: string, worker: string): Promise<void> {
  await db.query(
    `DELETE FROM intent_models WHERE examples_version = $1 AND format = $2 AND status = 'training' AND claimed_by = $3`,
    [version, INTENT_MODEL_FORMAT, worker]);
}

/**
 * Stores a trained model; the first one stored wins (a trainer whose lease ran out trained the same examples
 * with the same seed, hence the same model). Returns the stored row's training time.
 */
export async function saveTrainedModel(
  db: Db, version: string,
  model: { json: string; answerThreshold: number; examples: number; intents: number; seconds: number },
): Promise<Date> {
  await db.query(
    `INSERT INTO intent_models (examples_version, format, status, model, answer_threshold, examples, intents, training_seconds, trained_at)
     VALUES ($1, $2, 'ready', $3, $4, $5, $6, $7, now())
     ON CONFLICT (examples_version, format) DO UPDATE
       SET status = 'ready', model = EXCLUDED.model, answer_threshold = EXCLUDED.answer_threshold,
           examples = EXCLUDED.examples, intents = EXCLUDED.intents, training_seconds = EXCLUDED.training_seconds,
           trained_at = now(), lease_until = NULL, error = NULL
       WHERE intent_models.status <> 'ready'`,
    [version, INTENT_MODEL_FORMAT, model.json, model.answerThreshold, model.examples, model.intents, model.seconds]);
  const { rows } = await db.query<{ trainedAt: Date; createdAt: Date }>(
    `SELECT trained_at AS "trainedAt", created_at AS "createdAt" FROM intent_models WHERE examples_version = $1 AND format = $2`,
    [version, INTENT_MODEL_FORMAT]);
  // Rows of examples older than these (claimed earlier) are not needed any more; a claim still alive is left to
  // its trainer.
  await db.query(
    `DELETE FROM intent_models WHERE format = $2 AND examples_version <> $1 AND created_at < $3
       AND (status <> 'training' OR lease_until < now())`,
    [version, INTENT_MODEL_FORMAT, rows[0].createdAt]);
  return rows[0].trainedAt;
}

/** Records why training failed; the version is tried again (by any worker) once `retryAfterMs` is over. */
export async function markTrainingFailed(db: Db, version: string, error: string, retryAfterMs: number): Promise<void> {
  await db.query(
    `UPDATE intent_models SET status = 'failed', error = $3, lease_until = now() + $4 * interval '1 millisecond'
     WHERE examples_version = $1 AND format = $2 AND status <> 'ready'`,
    [version, INTENT_MODEL_FORMAT, error.slice(0, 2_000), retryAfterMs]);
}

export async function readStoredModel(db: Db, version: string): Promise<StoredModel | undefined> {
  const { rows } = await db.query<StoredModel>(
    `SELECT examples_version AS version, model AS json, answer_threshold AS "answerThreshold", examples, trained_at AS "trainedAt"
     FROM intent_models WHERE examples_version = $1 AND format = $2 AND status = 'ready'`,
    [version, INTENT_MODEL_FORMAT]);
  return rows[0];
}

/** The most recently trained model's version: what a worker answers with while a newer one is being trained. */
export async function latestReadyVersion(db: Db): Promise<string | undefined> {
  const { rows } = await db.query<{ version: string }>(
    `SELECT examples_version AS version FROM intent_models WHERE format = $1 AND status = 'ready'
     ORDER BY trained_at DESC LIMIT 1`,
    [INTENT_MODEL_FORMAT]);
  return rows[0]?.version;
}
