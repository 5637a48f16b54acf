import { useState } from 'react';
import { Button, Group, MultiSelect, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useOperators } from '../../api/queries';
import type { Team } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

export function TeamsScreen() {
  const { t } = useTranslation();
  const operators = useOperators();
  const [editing, setEditing] = useState<Team>();
  const nameOf = (id: string) => operators.data?.items.find((o) => o.id === id)?.name ?? id;
  const people = (operators.data?.items ?? []).filter((o) => o.role !== 'integration').map((o) => ({ value: o.id, label: o.name }));
  return (
    <ResourceList<Team>
      title={t('admin.teamsTitle')} path="/teams" listKey="teams" queryKey="teams" onEdit={setEditing}
      columns={[
        { label: t('admin.name'), render: (team) => team.name },
        { label: t('admin.members'), render: (team) => (team.memberIds ?? []).map(nameOf).join(', ') || '—' },
        { label: t('admin.supervisors'), render: (team) => (team.supervisorIds ?? []).map(nameOf).join(', ') || '—' },
      ]}
      form={<TeamForm key={editing?.id ?? 'new'} team={editing} people={people} done={() => setEditing(undefined)} />}
    />
  );
}

/** A new team, or the one being edited: its name, members (who get its tasks) and supervisors. */
function TeamForm({ team, people, done }: { team?: Team; people: { value: string; label: string }[]; done(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(team?.name ?? '');
  const [memberIds, setMemberIds] = useState<string[]>(team?.memberIds ?? []);
  const [supervisorIds, setSupervisorIds] = useState<string[]>(team?.supervisorIds ?? []);
  const save = useAction(() => api(team ? 'PATCH' : 'POST', team ? `/teams/${team.id}` : '/teams', { name, memberIds, supervisorIds }),
    { done: team ? t('admin.saved') : t('admin.created'), failed: t('admin.createFailed') });
  return (
    <Stack gap="xs">
      <Title order={4}>{team ? t('admin.editing', { name: team.name }) : t('admin.newTeam')}</Title>
      <Group grow align="start">
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <MultiSelect label={t('admin.members')} searchable data={people} value={memberIds} onChange={setMemberIds} />
        <MultiSelect label={t('admin.supervisors')} searchable data={people} value={supervisorIds} onChange={setSupervisorIds} />
      </Group>
      <Group>
        <Button disabled={!name.trim()} loading={save.isPending}
          onClick={() => save.mutate(undefined, { onSuccess: () => { setName(''); setMemberIds([]); setSupervisorIds([]); done(); } })}>
          {team ? t('common.save') : t('admin.create')}
        </Button>
        {team && <Button variant="default" onClick={done}>{t('common.cancel')}</Button>}
      </Group>
    </Stack>
  );
}
