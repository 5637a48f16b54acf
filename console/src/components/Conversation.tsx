import { Badge, Group, Paper, ScrollArea, Stack, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../api/types';
import { ChannelBadge } from './Badges';
import { AttachmentList } from './AttachmentList';

const AUTHOR_COLOR: Record<Message['author'], string> = { customer: 'gray', assistant: 'violet', operator: 'teal', system: 'yellow' };

/** The whole conversation, across channels: who wrote, through which channel, when. Newest at the bottom. */
export function Conversation({ messages, olderCount, operatorName, below }: {
  messages: Message[]; olderCount?: number; operatorName: (id?: string) => string | undefined;
  /** what a message shows under its text besides attachments (e.g. a comment's hide button) */
  below?: (message: Message) => ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);
  return (
    <ScrollArea.Autosize mah="calc(100vh - 420px)" mih={160} type="auto">
      <Stack gap="xs" aria-label={t('issue.conversation')} role="log">
        {olderCount ? <Text size="xs" c="dimmed">{t('issue.olderMessages', { count: olderCount })}</Text> : null}
        {messages.map((m) => (
          <Paper
            key={m.id} p="xs" withBorder data-author={m.author} data-message={m.id}
            ml={m.direction === 'outbound' ? 'xl' : 0} mr={m.direction === 'inbound' ? 'xl' : 0}
            bg={m.direction === 'outbound' ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Group gap="xs" mb={4}>
              <Badge size="xs" color={AUTHOR_COLOR[m.author]}>
                {m.author === 'operator' ? (operatorName(m.operatorId) ?? t('author.operator')) : t(`author.${m.author}`)}
              </Badge>
              <ChannelBadge channel={m.channel} />
              <Text size="xs" c="dimmed">{new Date(m.at).toLocaleString(i18n.language)}</Text>
            </Group>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} className="sb-message-text">{m.text}</Text>
            {m.attachments?.length ? <AttachmentList files={m.attachments} /> : null}
            {below?.(m)}
          </Paper>
        ))}
        <div ref={bottom} />
      </Stack>
    </ScrollArea.Autosize>
  );
}
