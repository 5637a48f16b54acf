import { Router } from 'express';
import { z } from 'zod';
import { findIssue } from '../../db/issue-queries';
import { issueComments, isIssueMessage, recordCommentVisibility } from '../../channels/social/comment-moderation';
import { operatorOf, requireOperator } from '../auth';
import type { GatewayDependencies } from '../dependencies';
import { HttpError, parseWith } from '../http-errors';

const visibilitySchema = z.object({ hidden: z.boolean() }).strict();
const messageIdSchema = z.string().min(1).max(200);

/**
 * Customers' comments under the company's posts, on an issue: operators hide one (Facebook, Instagram) or delete
 * it (VK) and undo that. The platform is asked first; only what it did is recorded — on the comment and as an
 * issue event — so nothing is hidden silently and the record never claims what the platform refused.
 */
export function commentModerationRoutes(deps: GatewayDependencies): Router {
  const router = Router();
  const auth = requireOperator(deps.db);

  async function issueIdOr404(raw: unknown): Promise<string> {
    const issue = await findIssue(deps.db, parseWith(z.uuid(), raw, 'issue id'));
    if (!issue) throw new HttpError(404, 'unknown_issue', 'no such issue');
    return issue.id;
  }

  router.get('/issues/:issueId/comments', auth, async (req, res) => {
    const issueId = await issueIdOr404(req.params.issueId);
    const comments = await issueComments(deps.db, issueId);
    res.json({ comments: comments.map((c) => ({ ...c, moderation: moderatorOf(c.channel)?.how ?? null })) });
  });

  router.put('/issues/:issueId/comments/:messageId/hidden', auth, async (req, res) => {
    const issueId = await issueIdOr404(req.params.issueId);
    const messageId = parseWith(messageIdSchema, req.params.messageId, 'message id');
    const { hidden } = parseWith(visibilitySchema, req.body, 'request body');
    const [comment] = await issueComments(deps.db, issueId, messageId);
    if (!comment) {
      if (await isIssueMessage(deps.db, issueId, messageId)) throw new HttpError(409, 'not_a_comment', 'this message is not a comment under a post');
      throw new HttpError(404, 'unknown_message', 'no such message on this issue');
    }
    const moderator = moderatorOf(comment.channel);
    if (!moderator) throw new HttpError(409, 'channel_off', `${comment.channel} is not configured here`);
    if (comment.hidden !== hidden) {
      try {
        await moderator.setHidden(comment, hidden);
      } catch (error) {
        deps.logger.warn({ channel: comment.channel, reason: (error as Error).message }, 'comment visibility not changed');
        throw new HttpError(502, 'platform_refused', (error as Error).message);
      }
      await recordCommentVisibility(deps.db, comment, hidden, moderator.how, { operatorId: operatorOf(res).id });
    }
    const [now] = await issueComments(deps.db, issueId, messageId);
    res.json({ comment: { ...now, moderation: moderator.how } });
  });

  function moderatorOf(channel: string) {
    const active = deps.channels.find((c) => c.module.channel === channel);
    return active?.module.commentModerator?.(active.settings);
  }

  return router;
}
