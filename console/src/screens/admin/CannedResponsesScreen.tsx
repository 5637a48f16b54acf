import { useState } from 'react';
import { Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { CannedResponse } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

export function CannedResponsesScreen() {
  const { t } = useTranslation();
  return (
    <ResourceList<CannedResponse>
      title={t('admin.cannedTitle')} path="/canned-responses" listKey="cannedResponses" queryKey="canned" deletable
      columns={[
        { label: t('admin.titleField'), render: (c) => c.title },
        { label: t('admin.text'), render: (c) => <Text size="sm" lineClamp={2}>{c.text}</Text> },
        { label: t('admin.language'), render: (c) => c.language ?? '—' },
      ]}
      form={<NewCanned />}
    />
  );
}

function NewCanned() {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [language, setLanguage] = useState<string | null>(null);
  const create = useAction(() => api('POST', '/canned-responses', { title, text, ...(language ? { language } : {}) }),
    { done: t('admin.created'), failed: t('admin.createFailed') });
  return (
    <Stack gap="xs">
      <Group grow>
        <TextInput label={t('admin.titleField')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <Select label={t('admin.language')} clearable value={language} onChange={setLanguage} data={[{ value: 'en', label: 'English' }, { value: 'ru', label: 'Русский' }]} />
      </Group>
      <Textarea label={t('admin.text')} description={t('admin.variables', { first: '{{customer.name}}', second: '{{operator.name}}' })} autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
      <Group><Button disabled={!title.trim() || !text.trim()} loading={create.isPending}
        onClick={() => create.mutate(undefined, { onSuccess: () => { setTitle(''); setText(''); } })}>{t('admin.create')}</Button></Group>
    </Stack>
  );
}
