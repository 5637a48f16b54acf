import { factsUpToDate } from '../../analytics/facts/facts-refresher';
import { Router } from 'express';
import { operatorOf, requireOperator } from '../../gateway/auth';
import type { GatewayDependencies } from '../../gateway/dependencies';
import { HttpError, parseWith } from '../../gateway/http-errors';
import { createExperimentSchema, experimentIdSchema, rolledOutSettingSchema, rolloutSchema } from '../experiment-schemas';
import {
  ExperimentConflict, createExperiment, findExperiment, listExperiments, listRolledOutSettings, removeRolledOutSetting,
  rollOutVariant, stopExperiment, type Experiment,
} from '../experiment-store';
import { experimentResults } from '../experiment-results';

/** Admins run experiments; supervisors may read them and their results (the route table says the same). */
const ADMIN = ['admin'] as const;
const SUPERVISORS = ['supervisor', 'admin'] as const;

const notFound = () => new HttpError(404, 'not_found', 'no such experiment');

async function refusing<T>(work: () => Promise<T | undefined>): Promise<T> {
  try {
    const value = await work();
    if (value === undefined) throw notFound();
    return value;
  } catch (error) {
    if (error instanceof ExperimentConflict) {
      throw new HttpError(error.code === 'unknown_variant' ? 400 : 409, error.code, error.message);
    }
    throw error;
  }
}

/** /api/v1/experiments: A/B tests of scenario settings (src/experiments/). */
export function experimentRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const read = requireOperator(deps.db, SUPERVISORS);
  const write = requireOperator(deps.db, ADMIN);
  const idOf = (raw: unknown) => parseWith(experimentIdSchema, raw, 'experiment id');
  const found = async (raw: unknown): Promise<Experiment> => refusing(() => findExperiment(deps.db, idOf(raw)));

  router.get('/experiments', read, async (_req, res) => {
    res.json({ experiments: await listExperiments(deps.db) });
  });
  router.post('/experiments', write, async (req, res) => {
    const body = parseWith(createExperimentSchema, req.body);
    const experiment = await refusing(() => createExperiment(deps.db, body, operatorOf(res).id));
    res.status(201).json({ experiment });
  });
  router.get('/experiments/:id', read, async (req, res) => {
    res.json({ experiment: await found(req.params.id) });
  });
  router.get('/experiments/:id/results', read, async (req, res) => {
    const experiment = await found(req.params.id);
    await factsUpToDate(deps.db, deps.logger); // the outcomes are read from the analytics facts
    res.json(await experimentResults(deps.db, experiment));
  });
  router.post('/experiments/:id/stop', write, async (req, res) => {
    const id = idOf(req.params.id);
    res.json({ experiment: await refusing(() => stopExperiment(deps.db, id)) });
  });
  router.post('/experiments/:id/rollout', write, async (req, res) => {
    const id = idOf(req.params.id);
    const { variant } = parseWith(rolloutSchema, req.body);
    res.json({ experiment: await refusing(() => rollOutVariant(deps.db, id, variant)) });
  });
  // the values rolled out by winners, and taking one back (the built-in behaviour returns there)
  router.get('/scenario-settings', read, async (_req, res) => {
    res.json({ settings: await listRolledOutSettings(deps.db) });
  });
  router.delete('/scenario-settings/:setting', write, async (req, res) => {
    const { setting, channel } = parseWith(rolledOutSettingSchema, { setting: req.params.setting, channel: req.query.channel }, 'setting and channel');
    if (!(await removeRolledOutSetting(deps.db, setting, channel ?? null))) throw new HttpError(404, 'not_found', 'nothing is rolled out for this setting and channel');
    res.status(204).end();
  });
  return router;
}
