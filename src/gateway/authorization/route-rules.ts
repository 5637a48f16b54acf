/**
 * THE authorization table: every HTTP route of the gateway, and who may call it. A middleware
 * (./authorize.ts) applies it before any route runs; a route that has no line here answers
 * `403 no_authorization_rule`, and test/integration/authorization.test.ts (which walks every route registered
 * on the app with every kind of credential) fails.
 *
 * Adding a route = adding ONE line, with the method and the path exactly as mounted (mount path + route path,
 * express syntax, parameter names included):
 *
 *     ['POST', '/api/v1/calendars', ADMIN],
 *     ['POST', '/api/v1/tasks/:taskId/release', STAFF, 'task'],
 *
 * Who (the third field):
 * - people and API tokens by role: STAFF (agent, supervisor, admin), SUPERVISORS (supervisor, admin), ADMIN,
 *   or a list such as ['admin', 'integration']; they sign in with the `sb_session` cookie (state-changing
 *   requests then need X-CSRF-Token) or send `Authorization: Bearer <API token>`; no credential → 401, another
 *   role → 403;
 * - credentials that the route checks itself (the middleware lets the request through): PUBLIC (nobody needs
 *   one), CHANNEL_KEY (API channel key), VISITOR (widget visitor token), and the secrets of one route each:
 *   METRICS_TOKEN, CODEC_KEY, STREAM_TICKET, WEBHOOK_SECRET, SIGNED_LINK.
 * The optional fourth field scopes people to their teams: 'task' (path parameter :taskId) or 'issue'
 * (:issueId, its latest task): agents and supervisors may act only on tasks of their teams (teams they belong to
 * or supervise) and on tasks of no team; admins on all; 'team' (:teamId): only the team's supervisors (and
 * admins). Otherwise → 403 not_your_team.
 */
import type { Role } from '../../people/roles';

/** A credential that a route checks itself; the table records which, the test knows no test caller has it. */
export type OwnCredential = 'public' | 'channel-key' | 'visitor' | 'metrics-token' | 'codec-key' | 'stream-ticket' | 'webhook-secret' | 'signed-link';
export type Caller = Role | OwnCredential;
export type TeamScope = 'task' | 'issue' | 'team';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type RouteRule = readonly [method: Method, path: string, who: readonly Caller[], scope?: TeamScope];

export const PUBLIC: readonly Caller[] = ['public'];
export const STAFF: readonly Caller[] = ['agent', 'supervisor', 'admin'];
export const SUPERVISORS: readonly Caller[] = ['supervisor', 'admin'];
export const ADMIN: readonly Caller[] = ['admin'];
export const CHANNEL_KEY: readonly Caller[] = ['channel-key'];
export const VISITOR: readonly Caller[] = ['visitor'];
export const METRICS_TOKEN: readonly Caller[] = ['metrics-token'];
export const CODEC_KEY: readonly Caller[] = ['codec-key'];
export const STREAM_TICKET: readonly Caller[] = ['stream-ticket'];
export const WEBHOOK_SECRET: readonly Caller[] = ['webhook-secret'];
/** a short-lived link the issue API or the customer's channel handed out (src/attachments/signed-links.ts) */
export const SIGNED_LINK: readonly Caller[] = ['signed-link'];
const CRM_READ: readonly Caller[] = [...STAFF, 'integration'];
const CRM_PUSH: readonly Caller[] = ['admin', 'integration'];

export const ROUTE_RULES: readonly RouteRule[] = [
  // operations
  ['GET', '/healthz', PUBLIC],
  // the operator console's pages and assets (it signs in through the API like anyone else)
  ['GET', '/console/{*appPath}', PUBLIC],
  ['GET', '/metrics', METRICS_TOKEN],
  // console sign-in and the signed-in person
  ['POST', '/api/v1/session', PUBLIC],
  ['GET', '/api/v1/session', STAFF],
  ['DELETE', '/api/v1/session', STAFF],
  ['GET', '/api/v1/me', STAFF],
  ['PUT', '/api/v1/me/status', STAFF],
  ['GET', '/api/v1/me/ratings', STAFF],
  // queue and issues
  ['GET', '/api/v1/tasks', STAFF],
  ['POST', '/api/v1/tasks/:taskId/claim', STAFF, 'task'],
  ['POST', '/api/v1/tasks/:taskId/release', STAFF, 'task'],
  ['POST', '/api/v1/tasks/:taskId/transfer', STAFF, 'task'],
  ['GET', '/api/v1/issues/:issueId', STAFF, 'issue'],
  ['POST', '/api/v1/issues/:issueId/replies', STAFF, 'issue'],
  ['POST', '/api/v1/issues/:issueId/attachments', STAFF, 'issue'],
  ['POST', '/api/v1/issues/:issueId/resolve', STAFF, 'issue'],
  ['POST', '/api/v1/issues/:issueId/reopen', STAFF, 'issue'],
  ['PUT', '/api/v1/issues/:issueId/priority', STAFF, 'issue'],
  ['GET', '/api/v1/issues/:issueId/notes', STAFF, 'issue'],
  ['POST', '/api/v1/issues/:issueId/notes', STAFF, 'issue'],
  ['GET', '/api/v1/issues/:issueId/comments', STAFF, 'issue'],
  ['PUT', '/api/v1/issues/:issueId/comments/:messageId/hidden', STAFF, 'issue'],
  ['PUT', '/api/v1/issues/:issueId/tags', STAFF, 'issue'],
  ['GET', '/api/v1/canned-responses', STAFF],
  ['POST', '/api/v1/canned-responses', SUPERVISORS],
  ['PATCH', '/api/v1/canned-responses/:cannedResponseId', SUPERVISORS],
  ['DELETE', '/api/v1/canned-responses/:cannedResponseId', SUPERVISORS],
  ['GET', '/api/v1/console/events', STAFF],
  ['GET', '/api/v1/customers/:customerId/card', STAFF],
  // people, teams, tokens
  ['GET', '/api/v1/operators', STAFF],
  ['POST', '/api/v1/operators', ADMIN],
  ['PATCH', '/api/v1/operators/:operatorId', ADMIN],
  ['DELETE', '/api/v1/operators/:operatorId', ADMIN],
  ['DELETE', '/api/v1/operators/:operatorId/sessions', ADMIN],
  ['POST', '/api/v1/operators/:operatorId/invitation', ADMIN],
  ['GET', '/api/v1/invitations/:token', PUBLIC],
  ['POST', '/api/v1/invitations/:token/accept', PUBLIC],
  ['GET', '/api/v1/teams', STAFF],
  ['POST', '/api/v1/teams', ADMIN],
  ['PATCH', '/api/v1/teams/:teamId', ADMIN],
  ['DELETE', '/api/v1/teams/:teamId', ADMIN],
  ['GET', '/api/v1/tokens', ADMIN],
  ['POST', '/api/v1/tokens', ADMIN],
  ['DELETE', '/api/v1/tokens/:tokenId', ADMIN],
  // routing: a supervisor's view of the team queue (the route checks the team), declining an offer
  ['GET', '/api/v1/teams/:teamId/queue', SUPERVISORS, 'team'],
  ['POST', '/api/v1/tasks/:taskId/decline', STAFF, 'task'],
  // SLA policies and business-hours calendars
  ['GET', '/api/v1/calendars', STAFF],
  ['GET', '/api/v1/calendars/:id', STAFF],
  ['POST', '/api/v1/calendars', ADMIN],
  ['PUT', '/api/v1/calendars/:id', ADMIN],
  ['DELETE', '/api/v1/calendars/:id', ADMIN],
  ['GET', '/api/v1/sla-policies', STAFF],
  ['GET', '/api/v1/sla-policies/:id', STAFF],
  ['POST', '/api/v1/sla-policies', ADMIN],
  ['PUT', '/api/v1/sla-policies/:id', ADMIN],
  ['DELETE', '/api/v1/sla-policies/:id', ADMIN],
  // A/B tests of scenarios (src/experiments/): admins run them, supervisors read them and their results
  ['GET', '/api/v1/experiments', SUPERVISORS],
  ['POST', '/api/v1/experiments', ADMIN],
  ['GET', '/api/v1/experiments/:id', SUPERVISORS],
  ['GET', '/api/v1/experiments/:id/results', SUPERVISORS],
  ['POST', '/api/v1/experiments/:id/stop', ADMIN],
  ['POST', '/api/v1/experiments/:id/rollout', ADMIN],
  ['GET', '/api/v1/scenario-settings', SUPERVISORS],
  ['DELETE', '/api/v1/scenario-settings/:setting', ADMIN],
  // analytics: the figures of the event stream (src/analytics/), JSON or CSV
  ['GET', '/api/v1/analytics/summary', SUPERVISORS],
  ['GET', '/api/v1/analytics/timeseries', SUPERVISORS],
  ['GET', '/api/v1/analytics/breakdown', SUPERVISORS],
  ['GET', '/api/v1/analytics/issues', SUPERVISORS],
  // quality review of assistant answers (src/review/): supervisors review, admins apply what the reviews suggest
  ['GET', '/api/v1/reviews', SUPERVISORS],
  ['POST', '/api/v1/reviews/:reviewId', SUPERVISORS],
  ['GET', '/api/v1/suggestions', SUPERVISORS],
  ['POST', '/api/v1/suggestions/:suggestionId/accept', ADMIN],
  ['POST', '/api/v1/suggestions/:suggestionId/reject', ADMIN],
  // knowledge base and intents: staff read, admins write
  ['GET', '/api/v1/kb/articles', STAFF],
  ['POST', '/api/v1/kb/articles', ADMIN],
  ['POST', '/api/v1/kb/import', ADMIN],
  ['GET', '/api/v1/kb/intents', STAFF],
  ['POST', '/api/v1/kb/intents/examples', ADMIN],
  // CRM data: the CRM's integration token and admins push; staff read
  ['GET', '/api/v1/crm/customers/:externalId', CRM_READ],
  ['PUT', '/api/v1/crm/customers/:externalId', CRM_PUSH],
  ['PUT', '/api/v1/crm/orders/:orderId', CRM_PUSH],
  ['PUT', '/api/v1/crm/returns/:returnId', CRM_PUSH],
  // identity links
  ['GET', '/api/v1/customers/:customerId/identities', STAFF],
  ['DELETE', '/api/v1/identity-links/:linkId', ADMIN],
  // the Temporal codec: operators' Bearer tokens, or the key in the path (the Temporal UI)
  ['POST', '/codec/decode', STAFF],
  ['POST', '/codec/encode', STAFF],
  ['POST', '/codec/:accessKey/decode', CODEC_KEY],
  ['POST', '/codec/:accessKey/encode', CODEC_KEY],
  // API channel
  ['POST', '/api/v1/messages', CHANNEL_KEY],
  ['GET', '/api/v1/customers/:externalId/messages', CHANNEL_KEY],
  ['POST', '/api/v1/customers/:externalId/links', CHANNEL_KEY],
  ['POST', '/api/v1/customers/:externalId/links/verify', CHANNEL_KEY],
  ['POST', '/api/v1/customers/:externalId/devices', CHANNEL_KEY],
  ['DELETE', '/api/v1/customers/:externalId/devices/:token', CHANNEL_KEY],
  ['POST', '/api/v1/issues/:issueId/csat', CHANNEL_KEY],
  // widget: the script and demo page are public, a session needs only a site key, the rest a visitor token
  // CSAT: the one-click rating links of an e-mail (signed; the route checks the signature)
  ['GET', '/csat/:token', PUBLIC],
  ['POST', '/csat/:token', PUBLIC],
  ['GET', '/widget.js', PUBLIC],
  ['GET', '/demo', PUBLIC],
  ['POST', '/api/v1/widget/sessions', PUBLIC],
  ['POST', '/api/v1/widget/messages', VISITOR],
  ['GET', '/api/v1/widget/messages', VISITOR],
  ['POST', '/api/v1/widget/csat', VISITOR],
  ['POST', '/api/v1/widget/links', VISITOR],
  ['POST', '/api/v1/widget/links/verify', VISITOR],
  ['POST', '/api/v1/widget/stream-tickets', VISITOR],
  ['GET', '/api/v1/widget/stream', STREAM_TICKET],
  // attachments: the file behind a signed link (operators get links from the issue API, customers from their channel)
  ['GET', '/attachments/:id', SIGNED_LINK],
  // messenger webhooks: Telegram's secret token header, WhatsApp's verify token and X-Hub-Signature-256
  ['POST', '/webhooks/telegram', WEBHOOK_SECRET],
  ['GET', '/webhooks/whatsapp', WEBHOOK_SECRET],
  ['POST', '/webhooks/whatsapp', WEBHOOK_SECRET],
  // social networks: Meta's verify token and X-Hub-Signature-256, VK's group secret in every event
  ['GET', '/webhooks/meta', WEBHOOK_SECRET],
  ['POST', '/webhooks/meta', WEBHOOK_SECRET],
  ['POST', '/webhooks/vk', WEBHOOK_SECRET],
];
