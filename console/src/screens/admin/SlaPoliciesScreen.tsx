import { useState } from 'react';
import { Button, Group, NumberInput, Select, Stack, Table, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { PRIORITIES, type Calendar, type Priority, type SlaPolicy, type SlaTarget } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

const DEFAULT_TARGETS: Record<Priority, Omit<SlaTarget, 'priority'>> = {
  urgent: { firstResponse: 'PT15M', nextResponse: 'PT30M', resolution: 'PT4H' },
  high: { firstResponse: 'PT1H', nextResponse: 'PT2H', resolution: 'PT8H' },
  normal: { firstResponse: 'PT4H', nextResponse: 'PT8H', resolution: 'P1D' },
  low: { firstResponse: 'P1D', nextResponse: 'P1D', resolution: 'P3D' },
};
const ISO_DURATION = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

export function SlaPoliciesScreen() {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<SlaPolicy>();
  const calendars = useQuery({ queryKey: ['admin', 'calendars'], queryFn: () => api<{ calendars: Calendar[] }>('GET', '/calendars') });
  const calendarName = (id: string) => calendars.data?.calendars.find((c) => c.id === id)?.name ?? id;
  return (
    <ResourceList<SlaPolicy>
      title={t('admin.slaTitle')} path="/sla-policies" listKey="policies" queryKey="sla-policies" deletable
      columns={[
        { label: t('admin.name'), render: (p) => p.name },
        { label: t('admin.calendar'), render: (p) => calendarName(p.calendarId) },
        { label: t('admin.warningShare'), render: (p) => `${Math.round(p.warningShare * 100)} %` },
        { label: t('admin.targets'), render: (p) => p.targets.map((tg) => `${t(`priority.${tg.priority}`)}: ${tg.firstResponse} / ${tg.nextResponse ?? '—'} / ${tg.resolution}`).join('; ') },
      ]}
      onEdit={setEditing}
      form={<PolicyForm key={editing?.id ?? 'new'} policy={editing} calendars={calendars.data?.calendars ?? []} done={() => setEditing(undefined)} />}
    />
  );
}

/** The targets of a policy per priority (the console edits one target per priority, for every channel). */
function targetsOf(policy?: SlaPolicy): Record<Priority, Omit<SlaTarget, 'priority'>> {
  const given = Object.fromEntries((policy?.targets ?? []).filter((tg) => !tg.channel).map(({ priority, ...rest }) => [priority, rest]));
  return Object.fromEntries(PRIORITIES.map((p) => [p, { ...DEFAULT_TARGETS[p], ...given[p] }])) as Record<Priority, Omit<SlaTarget, 'priority'>>;
}

/** A new policy, or the one being edited (PUT; a task keeps the policy recorded when it was escalated). */
function PolicyForm({ policy, calendars, done }: { policy?: SlaPolicy; calendars: Calendar[]; done(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(policy?.name ?? '');
  const [calendarId, setCalendarId] = useState<string | null>(policy?.calendarId ?? null);
  const [warning, setWarning] = useState<number | string>(policy ? Math.round(policy.warningShare * 100) : 80);
  const [targets, setTargets] = useState(() => targetsOf(policy));
  const valid = name.trim() && calendarId && PRIORITIES.every((p) => ['firstResponse', 'nextResponse', 'resolution'].every((k) => ISO_DURATION.test(targets[p][k as 'firstResponse']!)));
  // targets the console does not show (per channel) are kept as they were
  const channelTargets = (policy?.targets ?? []).filter((tg) => tg.channel);
  const save = useAction(() => api(policy ? 'PUT' : 'POST', policy ? `/sla-policies/${policy.id}` : '/sla-policies', {
    name, calendarId, warningShare: Number(warning) / 100,
    targets: [...PRIORITIES.map((priority) => ({ priority, ...targets[priority] })), ...channelTargets],
  }), { done: policy ? t('admin.saved') : t('admin.created'), failed: t('admin.createFailed') });
  const edit = (p: Priority, key: keyof Omit<SlaTarget, 'priority'>, value: string) => setTargets((all) => ({ ...all, [p]: { ...all[p], [key]: value } }));
  return (
    <Stack gap="xs">
      <Title order={4}>{policy ? t('admin.editing', { name: policy.name }) : t('admin.newPolicy')}</Title>
      <Group grow>
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label={t('admin.calendar')} data={calendars.map((c) => ({ value: c.id, label: c.name }))} value={calendarId} onChange={setCalendarId} />
        <NumberInput label={t('admin.warningShare')} suffix=" %" min={10} max={99} value={warning} onChange={setWarning} />
      </Group>
      <Table withRowBorders={false} verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr><Table.Th /><Table.Th>{t('sla.firstResponse')}</Table.Th><Table.Th>{t('sla.nextResponse')}</Table.Th><Table.Th>{t('sla.resolution')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {PRIORITIES.map((p) => (
            <Table.Tr key={p}>
              <Table.Td>{t(`priority.${p}`)}</Table.Td>
              {(['firstResponse', 'nextResponse', 'resolution'] as const).map((k) => (
                <Table.Td key={k}>
                  <TextInput size="xs" aria-label={`${t(`priority.${p}`)} ${t(`sla.${k}`)}`} value={targets[p][k] ?? ''}
                    error={ISO_DURATION.test(targets[p][k] ?? '') ? undefined : true} onChange={(e) => edit(p, k, e.currentTarget.value)} />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group>
        <Button disabled={!valid} loading={save.isPending} onClick={() => save.mutate(undefined, { onSuccess: done })}>{policy ? t('common.save') : t('admin.create')}</Button>
        {policy && <Button variant="default" onClick={done}>{t('common.cancel')}</Button>}
      </Group>
    </Stack>
  );
}
