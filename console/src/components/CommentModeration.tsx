import { Button, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Channel, Message } from '../api/types';
import { useAction } from '../api/use-action';

export interface IssueComment {
  messageId: string;
  channel: Channel;
  commentId: string;
  hidden: boolean;
  /** Facebook and Instagram hide a comment; VK can only delete (and restore) it; null: the channel is off */
  moderation: 'hide' | 'delete' | null;
  /** `data.by`: "operator" (operatorId names who) or "platform" (done on Facebook / VK itself) */
  events: { type: 'social_comment_hidden' | 'social_comment_unhidden'; at: string; operatorId?: string; data?: { by?: string } }[];
}

const SOCIAL: readonly Channel[] = ['facebook', 'instagram', 'vk'];

/** The customer comments of an issue (asked only when its conversation has a social-network message). */
export function useIssueComments(issueId: string, messages: Message[]) {
  // asked again when a new social-network message arrives (it may be a comment)
  const social = messages.filter((m) => m.direction === 'inbound' && SOCIAL.includes(m.channel)).length;
  return useQuery({
    queryKey: ['issue-comments', issueId, social],
    enabled: social > 0,
    queryFn: () => api<{ comments: IssueComment[] }>('GET', `/issues/${issueId}/comments`),
  });
}

/** Under a customer's comment: whether it is hidden (deleted on VK), who did what when, and the button to change it. */
export function CommentModeration({ issueId, comment, operatorName }: {
  issueId: string; comment: IssueComment; operatorName: (id?: string) => string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const verb = comment.moderation === 'delete' ? 'delete' : 'hide';
  const change = useAction(
    () => api('PUT', `/issues/${issueId}/comments/${encodeURIComponent(comment.messageId)}/hidden`, { hidden: !comment.hidden }),
    { done: t(`comments.${verb}.${comment.hidden ? 'undone' : 'done'}`), failed: t('comments.failed') },
  );
  return (
    <Stack gap={2} mt={4} data-comment={comment.commentId} data-hidden={comment.hidden}>
      {comment.events.map((e) => (
        <Text key={`${e.type}-${e.at}`} size="xs" c="dimmed">
          {e.data?.by === 'platform'
            ? t(`comments.${verb}.${e.type === 'social_comment_hidden' ? 'platformEvent' : 'platformUndoneEvent'}`)
            : t(`comments.${verb}.${e.type === 'social_comment_hidden' ? 'event' : 'undoneEvent'}`, { name: operatorName(e.operatorId) ?? t('author.operator') })}
          {' · '}{new Date(e.at).toLocaleString(i18n.language)}
        </Text>
      ))}
      {comment.moderation && (
        <Group gap="xs">
          {comment.hidden && <Text size="xs" c="orange">{t(`comments.${verb}.state`)}</Text>}
          <Button size="compact-xs" variant="subtle" color={comment.hidden ? 'gray' : 'orange'} loading={change.isPending} onClick={() => change.mutate()}>
            {t(`comments.${verb}.${comment.hidden ? 'undo' : 'action'}`)}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
