import { Router } from 'express';
import { z } from 'zod';
import { listCustomerIdentities, undoIdentityLink } from '../../identity/identity-links';
import { operatorOf, requireOperator } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

/** Operators see a customer's identities with the audit of every link; an admin can undo a link. */
export function identityRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db);
  router.get('/customers/:customerId/identities', auth, async (req, res) => {
    res.json(await listCustomerIdentities(deps.db, parseWith(z.uuid(), req.params.customerId, 'customer id')));
  });
  router.delete('/identity-links/:linkId', requireOperator(deps.db, 'admin'), async (req, res) => {
    const link = await undoIdentityLink(deps.db, parseWith(z.uuid(), req.params.linkId, 'link id'), `operator:${operatorOf(res).id}`);
    if (!link) throw new HttpError(404, 'unknown_link', 'no such link, or it was already undone');
    res.json({ link });
  });
  return router;
}
