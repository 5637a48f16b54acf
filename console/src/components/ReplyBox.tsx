import { useState } from 'react';
import { Button, Checkbox, Group, Kbd, Select, Stack, Text, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, newRequestId } from '../api/client';
import { useCannedResponses } from '../api/queries';
import type { Issue, Operator } from '../api/types';
import { useAction } from '../api/use-action';
import { fillTemplate } from '../util/template';

/**
 * The reply: typed, taken from the assistant's draft, or from a canned response with its variables filled in.
 * Ctrl+Enter (⌘+Enter) sends. One Idempotency-Key per reply, so a retry after a timeout never sends twice.
 */
export function ReplyBox({ issue, me, customerName, canReply }: { issue: Issue; me: Operator; customerName?: string; canReply: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [requestId, setRequestId] = useState(newRequestId);
  // a question or an answer hands the issue to the customer; "I'll get back to you" does not
  const [waitForCustomer, setWaitForCustomer] = useState(true);
  const canned = useCannedResponses();
  const draft = issue.task?.draft;
  const reply = useAction(
    async (body: string) => {
      await fetchReply(issue.issueId, body, requestId, waitForCustomer);
    },
    { done: t('actions.replySent'), failed: t('actions.replyFailed') },
  );
  const send = () => {
    if (!text.trim() || reply.isPending) return;
    reply.mutate(text, {
      onSuccess: () => {
        setText('');
        setRequestId(newRequestId());
      },
    });
  };
  const variables = { 'customer.name': customerName, 'operator.name': me.name };
  const cannedItems = canned.data?.items ?? [];

  return (
    <Stack gap={6}>
      <Group gap="xs">
        {draft && (
          <Button size="xs" variant="light" color="violet" onClick={() => setText(draft.text)} disabled={!canReply}>
            {t('reply.useDraft', { source: t(`source.${draft.source}`, { defaultValue: draft.source }) })}
          </Button>
        )}
        {cannedItems.length > 0 && (
          <Select
            size="xs" w={260} searchable placeholder={t('reply.canned')} aria-label={t('reply.canned')} disabled={!canReply}
            data={cannedItems.map((c) => ({ value: c.id, label: c.title }))} value={null}
            onChange={(id) => {
              const chosen = cannedItems.find((c) => c.id === id);
              if (chosen) setText((current) => (current ? `${current}\n` : '') + fillTemplate(chosen.text, variables));
            }}
          />
        )}
      </Group>
      {draft && <Text size="xs" c="dimmed" data-draft>{t('reply.draftAvailable')}</Text>}
      <Textarea
        aria-label={t('reply.label')} placeholder={canReply ? t('reply.placeholder') : t('reply.claimFirst')}
        autosize minRows={3} maxRows={8} value={text} disabled={!canReply}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      />
      <Group justify="space-between">
        <Group gap="md">
          <Text size="xs" c="dimmed"><Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> {t('reply.toSend')}</Text>
          <Checkbox
            size="xs" label={t('reply.waitForCustomer')} checked={waitForCustomer} disabled={!canReply}
            onChange={(e) => setWaitForCustomer(e.currentTarget.checked)}
          />
        </Group>
        <Button onClick={send} loading={reply.isPending} disabled={!canReply || !text.trim()}>{t('reply.send')}</Button>
      </Group>
    </Stack>
  );
}

function fetchReply(issueId: string, text: string, requestId: string, waitForCustomer: boolean) {
  return api('POST', `/issues/${issueId}/replies`, { text, waitForCustomer }, { 'idempotency-key': requestId });
}
