import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { createOperator } from '../../db/credentials';
import { isUniqueViolation } from '../../db/pg-errors';
import { inTransaction } from '../../db/pool';
import { safeText } from '../../domain/safe-text';
import { acceptInvitation, createInvitation, findOpenInvitation } from '../../people/invitations';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN } from '../../people/passwords';
import {
  disablePerson, findPerson, insertPerson, listPeople, operatorOfPerson, updatePerson, type Person,
} from '../../people/people-store';
import { normaliseRole, PERSON_ROLE_INPUTS, ROLE_INPUTS, type PersonRole } from '../../people/roles';
import { createSession, csrfTokenOf, DEFAULT_SESSION_SETTINGS, revokeSessionsOf } from '../../people/sessions';
import { operatorOf } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import { setSessionCookie } from '../session-cookie';
import { notifyStatus } from '../status-hook';
import type { GatewayDependencies } from '../dependencies';

const idSchema = z.uuid();
const tagList = z.array(z.string().trim().toLowerCase().min(1).max(50).regex(/^[\p{L}\p{N}_.+-]+$/u)).max(50);
const personFields = {
  name: safeText({ max: 200 }),
  email: z.email().max(320).transform((e) => e.toLowerCase()),
  role: z.enum(PERSON_ROLE_INPUTS).transform((r) => normaliseRole(r) as PersonRole),
  teamIds: z.array(z.uuid()).max(100),
  languages: tagList,
  skills: tagList,
  capacity: z.number().int().min(1).max(50),
};
/** a person invited by e-mail */
const inviteSchema = z.object({
  ...personFields, name: personFields.name.optional(), role: personFields.role.default('agent'),
  teamIds: personFields.teamIds.optional(), languages: personFields.languages.optional(),
  skills: personFields.skills.optional(), capacity: personFields.capacity.optional(),
}).strict();
/** the old contract: a person (or integration) who works through an API token, no e-mail */
const tokenPersonSchema = z.object({ name: safeText({ max: 200 }), role: z.enum(ROLE_INPUTS).default('agent') }).strict();
const patchSchema = z.object(personFields).partial().strict();
const acceptSchema = z.object({ password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX), name: safeText({ max: 200 }).optional() }).strict();
const invitationTokenSchema = z.string().regex(/^inv_[A-Za-z0-9_-]{20,100}$/);

/** People (admin), invitations (public link), revoking sessions. */
export function peopleRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const settings = deps.people;
  const sessions = settings?.sessions ?? DEFAULT_SESSION_SETTINGS;

  function invitationUrl(req: Request, token: string): string {
    const base = settings?.publicUrl ?? `${req.protocol}://${req.host}`;
    // the token rides in the fragment: browsers do not send it to servers, so no access log records it
    return `${base}/console/invitation#token=${token}`;
  }

  async function invite(req: Request, res: Response, person: Person): Promise<{ url: string; expiresAt: string; mailed: boolean }> {
    const admin = operatorOf(res);
    const { token, expiresAt } = await createInvitation(deps.db, person.id, settings?.invitationTtlS ?? 7 * 86_400, admin.id);
    const url = invitationUrl(req, token);
    let mailed = false;
    if (deps.invitationMailer && person.email) {
      try {
        await deps.invitationMailer.send(person.email, { url, expiresAt, invitedBy: admin.name });
        mailed = true;
      } catch (error) {
        deps.logger.warn({ err: error, operatorId: person.id }, 'invitation e-mail not sent; the admin has the link');
      }
    }
    return { url, expiresAt, mailed };
  }

  async function personOr404(rawId: unknown): Promise<Person> {
    const person = await findPerson(deps.db, parseWith(idSchema, rawId, 'operator id'));
    if (!person) throw new HttpError(404, 'unknown_operator', 'no such operator');
    return person;
  }

  /** An installation always keeps one admin who can sign in. */
  async function refuseLastAdmin(person: Person): Promise<void> {
    if (person.role !== 'admin') return;
    const { rows } = await deps.db.query(
      `SELECT count(*)::int AS n FROM operators WHERE role = 'admin' AND disabled_at IS NULL AND password_hash IS NOT NULL AND id <> $1`, [person.id],
    );
    if (rows[0].n === 0) throw new HttpError(409, 'last_admin', 'this is the last admin who can sign in: make someone else admin first');
  }

  const taken = (error: unknown) => {
    if (isUniqueViolation(error)) throw new HttpError(409, 'email_taken', 'another operator has this e-mail address');
    if ((error as { code?: string }).code === '23503') throw new HttpError(400, 'unknown_team', 'a team in teamIds does not exist');
    throw error;
  };

  router.get('/operators', async (_req, res) => {
    res.json({ operators: await listPeople(deps.db) });
  });

  router.post('/operators', async (req, res) => {
    if (req.body && typeof req.body === 'object' && 'email' in req.body) {
      const body = parseWith(inviteSchema, req.body);
      // the person and their teams together: an unknown team leaves no half-made person behind
      const id = await inTransaction(deps.db, (client) => insertPerson(client, { ...body, name: body.name ?? body.email.split('@')[0]! }))
        .catch(taken);
      const person = (await findPerson(deps.db, id))!;
      res.status(201).json({ operator: person, invitation: await invite(req, res, person) });
      return;
    }
    const { operator, token } = await createOperator(deps.db, parseWith(tokenPersonSchema, req.body));
    res.status(201).json({ operator, token });
  });

  router.patch('/operators/:operatorId', async (req, res) => {
    const person = await personOr404(req.params.operatorId);
    const body = parseWith(patchSchema, req.body);
    if (body.role && body.role !== 'admin') await refuseLastAdmin(person);
    await inTransaction(deps.db, (client) => updatePerson(client, person.id, body)).catch(taken);
    if (body.teamIds || body.languages || body.skills || body.capacity) {
      await notifyStatus(deps.db, deps.logger, deps.onOperatorStatusChanged, person.id, 'status');
    }
    res.json({ operator: await findPerson(deps.db, person.id) });
  });

  router.delete('/operators/:operatorId', async (req, res) => {
    const person = await personOr404(req.params.operatorId);
    if (person.id === operatorOf(res).id) throw new HttpError(409, 'self', 'you cannot disable yourself');
    await refuseLastAdmin(person);
    await disablePerson(deps.db, person.id);
    await notifyStatus(deps.db, deps.logger, deps.onOperatorStatusChanged, person.id, 'disabled');
    res.status(204).end();
  });

  router.delete('/operators/:operatorId/sessions', async (req, res) => {
    const person = await personOr404(req.params.operatorId);
    res.json({ revoked: await revokeSessionsOf(deps.db, person.id) });
  });

  /** a new invitation link (also how an admin lets someone reset a forgotten password) */
  router.post('/operators/:operatorId/invitation', async (req, res) => {
    const person = await personOr404(req.params.operatorId);
    if (!person.email) throw new HttpError(409, 'no_email', 'this operator has no e-mail address: set one first');
    res.status(201).json({ invitation: await invite(req, res, person) });
  });

  async function openInvitationOr404(req: Request) {
    await deps.limits.consume('INVITATION_ATTEMPTS_PER_CLIENT', req.ip ?? 'unknown', 'too many invitation links tried from this address');
    const token = invitationTokenSchema.safeParse(req.params.token);
    const invitation = token.success ? await findOpenInvitation(deps.db, token.data) : undefined;
    if (!invitation) throw new HttpError(404, 'unknown_invitation', 'this invitation link is unknown, used or expired: ask your admin for a new one');
    return invitation;
  }

  router.get('/invitations/:token', async (req, res) => {
    const invitation = await openInvitationOr404(req);
    res.json({ invitation: { email: invitation.email, name: invitation.name, expiresAt: invitation.expiresAt } });
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    const body = parseWith(acceptSchema, req.body);
    const invitation = await openInvitationOr404(req);
    if (!(await acceptInvitation(deps.db, invitation, await hashPassword(body.password), body.name))) {
      throw new HttpError(404, 'unknown_invitation', 'this invitation link was used a moment ago');
    }
    const person = (await findPerson(deps.db, invitation.operatorId))!;
    const { token } = await createSession(deps.db, person.id, sessions, { address: req.ip, userAgent: req.header('user-agent') });
    setSessionCookie(req, res, token, sessions.maxAgeS);
    res.json({ operator: operatorOfPerson(person), csrfToken: csrfTokenOf(token) });
  });

  return router;
}
