import { useState } from 'react';
import { Button, Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useOperators } from '../../api/queries';
import type { Team } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

export function TeamsScreen() {
  const { t } = useTranslation();
  const operators = useOperators();
  const nameOf = (id: string) => operators.data?.items.find((o) => o.id === id)?.name ?? id;
  return (
    <ResourceList<Team>
      title={t('admin.teamsTitle')} path="/teams" listKey="teams" queryKey="teams"
      columns={[
        { label: t('admin.name'), render: (team) => team.name },
        { label: t('admin.supervisors'), render: (team) => (team.supervisorIds ?? []).map(nameOf).join(', ') || '—' },
      ]}
      form={<NewTeam />}
    />
  );
}

function NewTeam() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const create = useAction(() => api('POST', '/teams', { name }), { done: t('admin.created'), failed: t('admin.createFailed') });
  return (
    <Group align="end">
      <TextInput label={t('admin.newTeam')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Button disabled={!name.trim()} loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: () => setName('') })}>{t('admin.create')}</Button>
    </Group>
  );
}
