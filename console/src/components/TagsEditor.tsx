import { useEffect, useState } from 'react';
import { TagsInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useAction } from '../api/use-action';

/** The issue's tags; each change is saved at once (the field keeps what was typed while it saves). */
export function TagsEditor({ issueId, tags }: { issueId: string; tags: string[] }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(tags);
  const saved = tags.join('\u0000');
  useEffect(() => {
    setValue(saved ? saved.split('\u0000') : []);
  }, [saved]);
  const save = useAction((next: string[]) => api('PUT', `/issues/${issueId}/tags`, { tags: next }), { failed: t('tags.failed') });
  return (
    <TagsInput
      size="xs" label={t('tags.label')} placeholder={t('tags.placeholder')} value={value} clearable maxTags={20}
      onChange={(next) => {
        setValue(next);
        save.mutate(next);
      }}
    />
  );
}
