import { useState } from 'react';
import { Button, Checkbox, CloseButton, FileButton, Group, Kbd, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ApiError, api, newRequestId } from '../api/client';
import { useCannedResponses } from '../api/queries';
import type { Attachment, Issue, Operator } from '../api/types';
import { fileSize } from './AttachmentList';
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
  // files are uploaded when chosen (or pasted) and sent with the reply by their ids
  const [files, setFiles] = useState<Attachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const { i18n } = useTranslation();
  const upload = async (chosen: File[]) => {
    if (chosen.length === 0) return;
    const form = new FormData();
    for (const file of chosen) form.append('files', file, file.name);
    setUploading(true);
    try {
      const { attachments } = await api<{ attachments: Attachment[] }>('POST', `/issues/${issue.issueId}/attachments`, form);
      setFiles((current) => [...current, ...attachments]);
    } catch (error) {
      notifications.show({ color: 'red', title: t('reply.uploadFailed'), message: error instanceof ApiError ? error.message : String(error) });
    } finally {
      setUploading(false);
    }
  };
  const reply = useAction(
    async (body: string) => {
      await fetchReply(issue.issueId, body, requestId, waitForCustomer, files.map((f) => f.id));
    },
    { done: t('actions.replySent'), failed: t('actions.replyFailed') },
  );
  const send = () => {
    if (!text.trim() || reply.isPending || uploading) return;
    reply.mutate(text, {
      onSuccess: () => {
        setText('');
        setFiles([]);
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
        onPaste={(e) => {
          const pasted = [...e.clipboardData.files];
          if (pasted.length > 0 && canReply) {
            e.preventDefault();
            void upload(pasted);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
          }
        }}
      />
      {files.length > 0 && (
        <Group gap="xs" data-reply-files>
          {files.map((f) => (
            <Group key={f.id} gap={2} wrap="nowrap">
              <Text size="xs">{f.name} ({fileSize(f.size, i18n.language)})</Text>
              <CloseButton size="xs" aria-label={t('reply.removeFile', { name: f.name })}
                onClick={() => setFiles((current) => current.filter((x) => x.id !== f.id))} />
            </Group>
          ))}
        </Group>
      )}
      <Group justify="space-between">
        <Group gap="md">
          <FileButton onChange={(chosen) => void upload(chosen)} multiple disabled={!canReply}
            accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.rtf,.txt,.csv">
            {(props) => <Button {...props} size="xs" variant="default" loading={uploading} disabled={!canReply}>{t('reply.attach')}</Button>}
          </FileButton>
          <Text size="xs" c="dimmed"><Kbd>Ctrl</Kbd> + <Kbd>Enter</Kbd> {t('reply.toSend')}</Text>
          <Checkbox
            size="xs" label={t('reply.waitForCustomer')} checked={waitForCustomer} disabled={!canReply}
            onChange={(e) => setWaitForCustomer(e.currentTarget.checked)}
          />
        </Group>
        <Button onClick={send} loading={reply.isPending} disabled={!canReply || !text.trim() || uploading}>{t('reply.send')}</Button>
      </Group>
    </Stack>
  );
}

function fetchReply(issueId: string, text: string, requestId: string, waitForCustomer: boolean, attachmentIds: string[]) {
  return api('POST', `/issues/${issueId}/replies`, {
    text, waitForCustomer, ...(attachmentIds.length ? { attachmentIds } : {}),
  }, { 'idempotency-key': requestId });
}
