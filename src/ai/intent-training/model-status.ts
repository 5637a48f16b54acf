import type { Db } from '../../db/pool';
import { intentExamplesVersion } from '../intent-examples';
import { findStoredModel, type StoredModelInfo, type StoredModelStatus } from './stored-intent-models';

export interface IntentModelStatus extends Omit<StoredModelInfo, 'status'> {
  /**
   * `ready`: stored, workers answer with it (each within its check interval); `training`: a worker trains it,
   * the previous model answers meanwhile; `pending`: no worker has claimed it yet; `failed`: see `error`;
   * `none`: fewer than two labels, the rules answer.
   */
  status: StoredModelStatus | 'pending' | 'none';
}

/** The model of the current examples, as an operator sees it in `GET /api/v1/kb/intents`. */
export async function intentModelStatus(db: Db): Promise<IntentModelStatus> {
  const examples = await intentExamplesVersion(db);
  const stored = examples.labels >= 2 ? await findStoredModel(db, examples.version) : undefined;
  if (stored) return stored;
  return {
    version: examples.version, status: examples.labels >= 2 ? 'pending' : 'none', examples: examples.examples,
    intents: null, answerThreshold: null, trainingSeconds: null, trainedAt: null, error: null,
  };
}
