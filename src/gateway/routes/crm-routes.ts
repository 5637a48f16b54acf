import { Router } from 'express';
import { z } from 'zod';
import { crmIdSchema, customerRefSchema, orderInputSchema, profileInputSchema, returnInputSchema } from '../../crm/crm-records';
import { upsertOrder, upsertProfile, upsertReturn } from '../../crm/crm-store';
import { findCrmCustomer } from '../../crm/customer-ref';
import { LocalCrmReader } from '../../crm/local-crm-reader';
import { requireOperator, STAFF } from '../auth';
import { HttpError, parseWith } from '../http-errors';
import type { GatewayDependencies } from '../dependencies';

const readQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) });

/**
 * Where the company's CRM pushes profiles, orders and returns, with an integration token (or an admin's);
 * operators may read. Every write is an idempotent upsert keyed by the CRM's own id: 201 when created, 200
 * otherwise.
 */
export function crmRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db, [...STAFF, 'integration']);
  const push = requireOperator(deps.db, ['admin', 'integration']);
  const reader = new LocalCrmReader(deps.db);

  router.put('/customers/:externalId', push, async (req, res) => {
    const ref = parseWith(customerRefSchema, req.params.externalId, 'customer reference');
    const { customerId, outcome } = await upsertProfile(deps.db, ref, parseWith(profileInputSchema, req.body));
    res.status(outcome === 'created' ? 201 : 200).json({ outcome, customerId, profile: await reader.profile(customerId) });
  });

  router.get('/customers/:externalId', auth, async (req, res) => {
    const ref = parseWith(customerRefSchema, req.params.externalId, 'customer reference');
    const { limit } = parseWith(readQuerySchema, req.query, 'query');
    const customerId = await findCrmCustomer(deps.db, ref);
    if (!customerId) throw new HttpError(404, 'not_found', `no customer known as ${ref}`);
    const [profile, orders, returns] = await Promise.all([
      reader.profile(customerId), reader.recentOrders(customerId, limit), reader.recentReturns(customerId, limit),
    ]);
    res.json({ customerId, profile: profile ?? null, orders, returns });
  });

  router.put('/orders/:orderId', push, async (req, res) => {
    const orderId = parseWith(crmIdSchema, req.params.orderId, 'order id');
    const { customerId, outcome } = await upsertOrder(deps.db, orderId, parseWith(orderInputSchema, req.body));
    res.status(outcome === 'created' ? 201 : 200).json({ outcome, customerId, order: await reader.order(customerId, orderId) ?? null });
  });

  router.put('/returns/:returnId', push, async (req, res) => {
    const returnId = parseWith(crmIdSchema, req.params.returnId, 'return id');
    const { customerId, outcome } = await upsertReturn(deps.db, returnId, parseWith(returnInputSchema, req.body));
    res.status(outcome === 'created' ? 201 : 200).json({
      outcome, customerId, return: await reader.returnById(customerId, returnId) ?? null,
    });
  });
  return router;
}
