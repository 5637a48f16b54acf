import { useState } from 'react';
import { Anchor, Badge, Button, Group, Select, SegmentedControl, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import { useTasks, useTeams, type QueueFilters } from '../api/queries';
import { useOperator } from '../api/session';
import { CHANNELS, PRIORITIES, type Task } from '../api/types';
import { ApiState, errorText } from '../components/ApiState';
import { ChannelBadge, PriorityBadge } from '../components/Badges';
import { dueAt, formatCountdown, formatWaiting, slaState, useNow } from '../util/sla';

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Waiting work first: by priority, then by the SLA deadline. */
export function queueOrder(a: Task, b: Task): number {
  return (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) || Date.parse(dueAt(a)) - Date.parse(dueAt(b));
}

export function QueueScreen() {
  const { t } = useTranslation();
  const me = useOperator();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<QueueFilters>({ scope: 'all' });
  const tasks = useTasks(filters, me);
  const teams = useTeams();
  const now = useNow();
  const sorted = [...(tasks.data ?? [])].sort(queueOrder);

  const claim = useMutation({
    mutationFn: (task: Task) => api('POST', `/tasks/${task.taskId}/claim`),
    onSuccess: (_r, task) => {
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      navigate(`/issues/${task.issueId}`);
    },
    onError: (error) => notifications.show({ color: 'red', title: t('actions.claimFailed'), message: errorText(error, t) }),
  });

  // n: the next task (the first one nobody holds, else the first of mine)
  useHotkeys([['n', () => {
    const next = sorted.find((task) => task.status === 'queued') ?? sorted.find((task) => task.operatorId === me.id);
    if (next) navigate(`/issues/${next.issueId}`);
  }]]);

  const set = (patch: Partial<QueueFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const units = { min: t('time.min'), h: t('time.h'), d: t('time.d') };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2}>{t('queue.title')}</Title>
        <Text size="sm" c="dimmed">{t('queue.hint')}</Text>
      </Group>
      <Group gap="sm" wrap="wrap">
        <SegmentedControl
          aria-label={t('queue.scope')}
          value={filters.scope}
          onChange={(scope) => set({ scope: scope as QueueFilters['scope'] })}
          data={[
            { value: 'all', label: t('queue.scopeAll') },
            { value: 'mine', label: t('queue.scopeMine') },
            { value: 'unassigned', label: t('queue.scopeUnassigned') },
          ]}
        />
        {teams.data && !teams.data.missing && (
          <Select
            aria-label={t('queue.team')} placeholder={t('queue.team')} clearable w={160}
            data={teams.data.items.map((team) => ({ value: team.id, label: team.name }))}
            value={filters.teamId ?? null} onChange={(v) => set({ teamId: v ?? undefined })}
          />
        )}
        <Select
          aria-label={t('queue.priority')} placeholder={t('queue.priority')} clearable w={140}
          data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))}
          value={filters.priority ?? null} onChange={(v) => set({ priority: v ?? undefined })}
        />
        <Select
          aria-label={t('queue.channel')} placeholder={t('queue.channel')} clearable w={140}
          data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
          value={filters.channel ?? null} onChange={(v) => set({ channel: v ?? undefined })}
        />
        <Select
          aria-label={t('queue.status')} placeholder={t('queue.status')} clearable w={150}
          data={[{ value: 'queued', label: t('taskStatus.queued') }, { value: 'claimed', label: t('taskStatus.claimed') }]}
          value={filters.status ?? null} onChange={(v) => set({ status: v ?? undefined })}
        />
      </Group>
      <ApiState loading={tasks.isLoading} error={tasks.error} />
      {tasks.data && sorted.length === 0 && <Text c="dimmed">{t('queue.empty')}</Text>}
      {sorted.length > 0 && (
        <Table highlightOnHover striped="even" verticalSpacing={6} aria-label={t('queue.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('queue.priority')}</Table.Th>
              <Table.Th>{t('queue.channel')}</Table.Th>
              <Table.Th>{t('queue.customer')}</Table.Th>
              <Table.Th>{t('queue.language')}</Table.Th>
              <Table.Th>{t('queue.summary')}</Table.Th>
              <Table.Th>{t('queue.status')}</Table.Th>
              <Table.Th>{t('queue.waiting')}</Table.Th>
              <Table.Th>{t('queue.sla')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((task) => {
              const state = slaState(task, now);
              const remaining = Date.parse(dueAt(task)) - now;
              return (
                <Table.Tr
                  key={task.taskId} data-task={task.taskId} data-sla={state}
                  bg={state === 'breached' ? 'var(--mantine-color-red-light)' : state === 'atRisk' ? 'var(--mantine-color-yellow-light)' : undefined}
                  style={{ cursor: 'pointer' }} onClick={() => navigate(`/issues/${task.issueId}`)}
                >
                  <Table.Td><PriorityBadge priority={task.priority} /></Table.Td>
                  <Table.Td><ChannelBadge channel={task.channel} /></Table.Td>
                  <Table.Td>{task.customerName ?? <Text span c="dimmed" size="sm">{t('queue.unknownCustomer')}</Text>}</Table.Td>
                  <Table.Td>{task.language?.toUpperCase() ?? '—'}</Table.Td>
                  <Table.Td maw={320}>
                    {/* a link, so the keyboard reaches every issue too (Tab, Enter) */}
                    <Anchor component={Link} to={`/issues/${task.issueId}`} size="sm" c="inherit" lineClamp={1} onClick={(e) => e.stopPropagation()}>
                      {t(`reason.${task.reason}`, { defaultValue: task.reason })}: {task.summary}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {task.status === 'claimed'
                      ? <Badge variant="dot" color={task.operatorId === me.id ? 'teal' : 'gray'}>{task.operatorId === me.id ? t('taskStatus.mine') : t('taskStatus.claimed')}</Badge>
                      : <Badge variant="dot" color="blue">{t('taskStatus.queued')}</Badge>}
                  </Table.Td>
                  <Table.Td>{formatWaiting(now - Date.parse(task.createdAt), units)}</Table.Td>
                  <Table.Td>
                    <Tooltip label={t(`sla.${state}`)}>
                      <Text ff="monospace" fw={state === 'ok' ? 400 : 700} c={state === 'breached' ? 'red' : state === 'atRisk' ? 'orange' : undefined} data-countdown>
                        {state === 'paused' ? t('sla.pausedShort') : `${state === 'breached' ? `${t('sla.breached')} ` : ''}${formatCountdown(remaining)}`}
                      </Text>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    {task.status === 'queued' && (
                      <Button size="xs" loading={claim.isPending && claim.variables?.taskId === task.taskId} onClick={() => claim.mutate(task)}>
                        {t('actions.claim')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
