import { z } from 'zod';
import { safeId } from '../../domain/safe-text';

/**
 * Instagram stories in Direct: a person mentions the account in their story (an attachment of type
 * `story_mention`), or replies to one of the account's stories (`reply_to.story`). Both come as messages; neither
 * is a plain question, so each is labelled for whoever reads the issue, and one without words of the person's own
 * is recorded for people instead of being answered by the assistant.
 */
export const storyReplySchema = z.object({
  story: z.object({ id: safeId({ max: 200 }).optional(), url: z.url().max(2_000).optional() }).loose(),
}).loose().optional();

export const STORY_MENTION = 'story_mention';

export interface StoryLabel {
  /** the first line of the message */
  label: string;
  /** why the assistant leaves it to people, when it does */
  recordOnly?: string;
}

/** The label of a story mention or story reply, undefined for any other message. */
export function storyLabel(
  message: { reply_to?: z.infer<typeof storyReplySchema>; attachments?: { type: string; payload?: unknown }[] },
  hasText: boolean,
): StoryLabel | undefined {
  const mention = message.attachments?.find((a) => a.type === STORY_MENTION);
  if (mention) {
    const url = z.object({ url: z.url().max(2_000) }).loose().safeParse(mention.payload);
    return {
      label: '[Instagram story mention: the customer mentioned the account in their story'
        + `${url.success ? ` — ${url.data.url} (Meta's link expires)` : ''}]`,
      recordOnly: 'an Instagram story mention has nothing to answer; a person decides whether to reply',
    };
  }
  const story = message.reply_to?.story;
  if (story) {
    return {
      label: `[Reply to the account's Instagram story${story.id ? ` ${story.id}` : ''}]`,
      recordOnly: hasText ? undefined : 'an Instagram story reply without text; a person decides whether to reply',
    };
  }
  return undefined;
}
