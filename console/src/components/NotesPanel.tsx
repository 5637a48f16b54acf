import { useState } from 'react';
import { Button, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { Note } from '../api/types';
import { useAction } from '../api/use-action';
import { ApiState } from './ApiState';

/** Internal notes: for the team only, never sent to the customer. */
export function NotesPanel({ issueId }: { issueId: string }) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState('');
  const notes = useQuery({ queryKey: ['notes', issueId], queryFn: () => api<{ notes: Note[] }>('GET', `/issues/${issueId}/notes`) });
  const add = useAction((body: string) => api('POST', `/issues/${issueId}/notes`, { text: body }), { done: t('notes.added'), failed: t('notes.failed') });
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed">{t('notes.private')}</Text>
      <ApiState loading={notes.isLoading} error={notes.error} />
      {notes.data?.notes.map((n) => (
        <Paper key={n.id} p={6} withBorder bg="var(--mantine-color-yellow-light)">
          <Text size="xs" c="dimmed">{n.author.name} · {new Date(n.createdAt).toLocaleString(i18n.language)}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Text>
        </Paper>
      ))}
      {!notes.error && (
        <>
          <Textarea aria-label={t('notes.label')} placeholder={t('notes.placeholder')} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
          <Button size="xs" variant="light" disabled={!text.trim()} loading={add.isPending}
            onClick={() => add.mutate(text, { onSuccess: () => setText('') })}>{t('notes.add')}</Button>
        </>
      )}
    </Stack>
  );
}
