/**
 * How an API-channel client renders the CSAT question (webhook and message list alike): a 1–5 scale and an
 * optional comment, answered with POST /api/v1/issues/{issueId}/csat.
 */
export function csatRequestOf(issueId: string) {
  return { scale: { min: 1, max: 5 }, comment: true, rate: { method: 'POST', path: `/api/v1/issues/${issueId}/csat` } };
}
