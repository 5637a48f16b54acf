import { useState } from 'react';
import { Alert, Badge, Button, Code, CopyButton, Group, MultiSelect, NumberInput, Select, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useTeams } from '../../api/queries';
import type { Operator } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

/** People: invite by a link an admin copies, with a role, teams, languages and skills. */
export function OperatorsScreen() {
  const { t } = useTranslation();
  const teams = useTeams();
  const teamName = (id: string) => teams.data?.items.find((team) => team.id === id)?.name ?? id;
  return (
    <ResourceList<Operator>
      title={t('admin.operators')} path="/operators" listKey="operators" queryKey="operators" deletable
      columns={[
        { label: t('admin.name'), render: (o) => o.name },
        { label: t('admin.email'), render: (o) => o.email ?? '—' },
        { label: t('admin.role'), render: (o) => <Badge variant="light">{t(`role.${o.role}`, { defaultValue: o.role })}</Badge> },
        { label: t('admin.teams'), render: (o) => (o.teamIds ?? []).map(teamName).join(', ') || '—' },
        { label: t('admin.languages'), render: (o) => (o.languages ?? []).join(', ') || '—' },
        { label: t('admin.status'), render: (o) => (o.status ? t(`presence.${o.status}`) : '—') },
      ]}
      form={<InviteForm teams={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))} />}
    />
  );
}

function InviteForm({ teams }: { teams: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<string>('agent');
  const [teamIds, setTeamIds] = useState<string[]>([]);
  const [languages, setLanguages] = useState<string[]>(['en']);
  const [skills, setSkills] = useState<string[]>([]);
  const [capacity, setCapacity] = useState<number | string>(3);
  const [link, setLink] = useState<string>();
  const invite = useAction(
    () => api<{ invitation?: { url: string } }>('POST', '/operators', { email, name, role, teamIds, languages, skills, capacity: Number(capacity) })
      .then((r) => setLink(r.invitation?.url)),
    { done: t('admin.invited'), failed: t('admin.inviteFailed') },
  );
  return (
    <Stack gap="xs">
      <Title order={4}>{t('admin.invite')}</Title>
      <Group grow>
        <TextInput label={t('admin.email')} type="email" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} required />
        <Select label={t('admin.role')} value={role} onChange={(v) => setRole(v ?? 'agent')} allowDeselect={false}
          data={['agent', 'supervisor', 'admin'].map((r) => ({ value: r, label: t(`role.${r}`) }))} />
      </Group>
      <Group grow>
        <MultiSelect label={t('admin.teams')} data={teams} value={teamIds} onChange={setTeamIds} />
        <TagsInput label={t('admin.languages')} value={languages} onChange={setLanguages} />
        <TagsInput label={t('admin.skills')} value={skills} onChange={setSkills} />
        <NumberInput label={t('status.capacity')} min={1} max={50} value={capacity} onChange={setCapacity} />
      </Group>
      <Group><Button onClick={() => invite.mutate()} loading={invite.isPending} disabled={!email || !name}>{t('admin.invite')}</Button></Group>
      {link && (
        <Alert color="teal" title={t('admin.invitationLink')}>
          <Group gap="xs"><Code>{link}</Code><CopyButton value={link}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton></Group>
        </Alert>
      )}
    </Stack>
  );
}
