import { Router } from 'express';
import { z } from 'zod';
import { verifyPassword, PASSWORD_MAX } from '../../people/passwords';
import { findPersonByEmail, findPerson, operatorOfPerson } from '../../people/people-store';
import { DEFAULT_SESSION_SETTINGS, createSession, csrfTokenOf, hasLiveSession, revokeSession } from '../../people/sessions';
import { authenticate, credentialOf, operatorOf, requireOperator, sessionTokenOf } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import { clearSessionCookie, setSessionCookie } from '../session-cookie';
import { changeOperatorStatus } from '../status-hook';
import { OPERATOR_STATUSES } from '../../people/operator-status';
import type { GatewayDependencies } from '../dependencies';

const signInSchema = z.object({
  email: z.string().trim().max(320),
  password: z.string().min(1).max(PASSWORD_MAX),
}).strict();
const statusSchema = z.object({
  status: z.enum(OPERATOR_STATUSES),
  capacity: z.number().int().min(1).max(50).optional(),
}).strict();

/** Signing in and out of the console, and the signed-in person's own view and status. */
export function sessionRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const sessions = deps.people?.sessions ?? DEFAULT_SESSION_SETTINGS;
  const staff = requireOperator(deps.db);

  router.post('/session', async (req, res) => {
    const body = parseWith(signInSchema, req.body);
    // limits before the password check: every attempt costs an argon2 verification
    await deps.limits.consume('SIGN_IN_ATTEMPTS_PER_CLIENT', req.ip ?? 'unknown', 'too many sign-in attempts from this address');
    await deps.limits.consume('SIGN_IN_ATTEMPTS_PER_ACCOUNT', body.email.toLowerCase(), 'too many sign-in attempts for this account');
    const found = await findPersonByEmail(deps.db, body.email);
    if (!(await verifyPassword(found?.passwordHash, body.password)) || !found) {
      throw new HttpError(401, 'invalid_credentials', 'wrong e-mail or password');
    }
    // rotation: a session the browser held before (possibly planted) ends, and a new token is issued
    const previous = sessionTokenOf(req);
    if (previous) await revokeSession(deps.db, previous);
    const { token } = await createSession(deps.db, found.person.id, sessions, { address: req.ip, userAgent: req.header('user-agent') });
    setSessionCookie(req, res, token, sessions.maxAgeS);
    res.json({ operator: operatorOfPerson(found.person), csrfToken: csrfTokenOf(token) });
  });

  router.get('/session', staff, async (_req, res) => {
    const token = res.locals.sessionToken as string | undefined;
    res.json({ operator: operatorOf(res), ...(token ? { csrfToken: csrfTokenOf(token) } : {}) });
  });

  router.delete('/session', async (req, res) => {
    await authenticate(deps.db, req, res);
    const token = res.locals.sessionToken as string | undefined;
    if (credentialOf(res) !== 'session' || !token) throw new HttpError(400, 'no_session', 'sign-out ends a cookie session; API tokens are revoked with DELETE /api/v1/tokens/{id}');
    const operatorId = await revokeSession(deps.db, token);
    clearSessionCookie(req, res);
    if (operatorId && !(await hasLiveSession(deps.db, operatorId))) {
      await changeOperatorStatus(deps, operatorId, { status: 'offline' }, 'sign_out');
    }
    res.status(204).end();
  });

  router.get('/me', staff, async (_req, res) => {
    const operator = operatorOf(res);
    const person = await findPerson(deps.db, operator.id);
    res.json({ operator: { ...operator, ...(person ? { capacity: person.capacity, status: person.status } : {}) } });
  });

  router.put('/me/status', staff, async (req, res) => {
    const body = parseWith(statusSchema, req.body);
    const stored = await changeOperatorStatus(deps, operatorOf(res).id, body, 'status');
    if (!stored) throw new HttpError(409, 'not_a_person', 'this API token is not a person: it has no status');
    res.json(stored);
  });

  return router;
}
