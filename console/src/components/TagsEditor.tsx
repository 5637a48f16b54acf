import { TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from '../api/use-action';

/** The issue's tags; each change is saved at once. */
export function TagsEditor({ issueId, tags }: { issueId: string; tags: string[] }) {
  const { t } = useTranslation();
  const save = useAction((next: string[]) => api('PUT', `/issues/${issueId}/tags`, { tags: next }), { failed: t('tags.failed') }, issueId);
  return (
    <TagsInput
      size="xs" label={t('tags.label')} placeholder={t('tags.placeholder')} value={tags} clearable
      onChange={(next) => save.mutate(next)} maxTags={20}
    />
  );
}
