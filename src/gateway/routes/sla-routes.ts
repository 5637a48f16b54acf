import { Router, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { businessCalendarSchema } from '../../domain/calendar';
import { safeText } from '../../domain/safe-text';
import { slaPolicyDefinitionSchema } from '../../domain/sla';
import { sqlStateOfError } from '../../db/pg-errors';
import {
  SlaPolicyRefused, createCalendar, createSlaPolicy, deleteCalendar, deleteSlaPolicy, getCalendar, getSlaPolicy,
  listCalendars, listSlaPolicies, updateCalendar, updateSlaPolicy,
} from '../../db/sla';
import { STAFF, requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const calendarInputSchema = businessCalendarSchema.safeExtend({ name: safeText({ max: 200 }) });
const idOf = (id: unknown) => parseWith(z.uuid('must be a UUID'), id, 'path id');

/** The database's word on a write, as a 4xx: a name taken, a calendar a policy came to use meanwhile, a refusal. */
function refusalOf(error: unknown, what: string): unknown {
  const state = sqlStateOfError(error);
  const constraint = (error as { constraint?: string }).constraint ?? '';
  if (state === '23505' && constraint.endsWith('name_idx')) return new HttpError(409, 'name_taken', `another ${what} has this name`);
  if (state === '23505') return new HttpError(409, 'conflict', 'a concurrent change got there first; try again');
  if (state === '23503') return new HttpError(409, 'calendar_in_use', 'an SLA policy uses this calendar');
  if (error instanceof SlaPolicyRefused) {
    if (error.code === 'not_found') return new HttpError(404, 'not_found', error.message);
    if (error.code === 'unknown_calendar' || error.code === 'unreachable_target') return new HttpError(400, 'invalid_request', error.message);
    return new HttpError(409, error.code, error.message);
  }
  return error;
}

interface Resource<T, I> {
  path: string;
  /** singular key of the JSON answer ("calendar") and its plural ("calendars") */
  one: string;
  many: string;
  what: string;
  schema: z.ZodType<I>;
  list(): Promise<T[]>;
  get(id: string): Promise<T | undefined>;
  create(input: I): Promise<T>;
  /** undefined: no such thing */
  update(id: string, input: I): Promise<T | undefined>;
  /** throws an HttpError or SlaPolicyRefused when it may not be deleted */
  remove(id: string): Promise<void>;
}

/** GET list, GET one, POST, PUT, DELETE of one admin-managed resource: staff read, admins write. */
function mount<T, I>(router: Router, read: RequestHandler, write: RequestHandler, r: Resource<T, I>): void {
  const notFound = () => new HttpError(404, 'not_found', `no such ${r.what}`);
  const answer = async (res: Response, status: number, work: () => Promise<T | undefined | void>) => {
    let value: T | undefined | void;
    try {
      value = await work();
    } catch (error) {
      throw refusalOf(error, r.what);
    }
    if (status === 204) res.status(204).end();
    else if (value === undefined) throw notFound();
    else res.status(status).json({ [r.one]: value });
  };
  router.get(r.path, read, async (_req, res) => {
    res.json({ [r.many]: await r.list() });
  });
  router.get(`${r.path}/:id`, read, async (req, res) => {
    await answer(res, 200, () => r.get(idOf(req.params.id)));
  });
  router.post(r.path, write, async (req, res) => {
    const input = parseWith(r.schema, req.body);
    await answer(res, 201, () => r.create(input));
  });
  router.put(`${r.path}/:id`, write, async (req, res) => {
    const id = idOf(req.params.id);
    const input = parseWith(r.schema, req.body);
    await answer(res, 200, () => r.update(id, input));
  });
  router.delete(`${r.path}/:id`, write, async (req, res) => {
    const id = idOf(req.params.id);
    await answer(res, 204, () => r.remove(id));
  });
}

/**
 * Business-hours calendars and SLA policies: staff read them (the console shows them next to the clocks), admins
 * change them. A change applies to tasks escalated afterwards; running clocks keep their recorded snapshot.
 */
export function slaRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const read = requireOperator(deps.db, STAFF);
  const write = requireOperator(deps.db, 'admin');
  const { db } = deps;
  mount(router, read, write, {
    path: '/calendars', one: 'calendar', many: 'calendars', what: 'calendar', schema: calendarInputSchema,
    list: () => listCalendars(db),
    get: (id) => getCalendar(db, id),
    create: (input) => createCalendar(db, input),
    update: (id, input) => updateCalendar(db, id, input),
    async remove(id) {
      const result = await deleteCalendar(db, id);
      if (result.deleted) return;
      if (result.reason === 'not_found') throw new HttpError(404, 'not_found', 'no such calendar');
      throw new HttpError(409, 'calendar_in_use', `SLA policies use this calendar: ${result.policies.join(', ')}`, { policies: result.policies });
    },
  });
  mount(router, read, write, {
    path: '/sla-policies', one: 'policy', many: 'policies', what: 'SLA policy', schema: slaPolicyDefinitionSchema,
    list: () => listSlaPolicies(db),
    get: (id) => getSlaPolicy(db, id),
    create: (input) => createSlaPolicy(db, input),
    update: (id, input) => updateSlaPolicy(db, id, input),
    remove: (id) => deleteSlaPolicy(db, id),
  });
  return router;
}
