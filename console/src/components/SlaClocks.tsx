import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IssueTask } from '../api/types';
import { formatCountdown, useNow } from '../util/sla';

/** The task's SLA clocks, counting down live; a paused clock (waiting on the customer) says so. */
export function SlaClocks({ task }: { task: IssueTask }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const sla = task.sla;
  const paused = sla?.pausedSince ? sla.remainingMs ?? {} : undefined;
  const clocks: { key: string; due?: string; done?: string; left?: number }[] = [
    { key: 'firstResponse', due: sla?.firstResponseDueAt ?? task.firstResponseDueAt, done: task.firstRespondedAt, left: paused?.first_response },
    { key: 'nextResponse', due: sla?.nextResponseDueAt, left: paused?.next_response },
    { key: 'resolution', due: sla?.resolutionDueAt ?? task.resolutionDueAt, left: paused?.resolution },
  ];
  return (
    <Stack gap={4} aria-label={t('sla.clocks')}>
      {sla?.pausedSince && <Text size="xs" c="dimmed">{t('sla.paused', { since: new Date(sla.pausedSince).toLocaleTimeString(i18n.language) })}</Text>}
      {clocks.filter((c) => c.due || c.left !== undefined).map((c) => {
        // a paused clock shows the time it has left, standing still
        const remaining = c.left ?? Date.parse(c.due!) - now;
        const breached = task.breached?.includes(c.key === 'firstResponse' ? 'first_response' : c.key === 'resolution' ? 'resolution' : 'next_response') || (!c.done && remaining < 0);
        const warn = sla?.warnAt && !c.done && now >= Date.parse(sla.warnAt);
        return (
          <Group key={c.key} justify="space-between" gap="xs">
            <Text size="sm">{t(`sla.${c.key}`)}</Text>
            {c.done
              ? <Text size="sm" c="teal">{t('sla.met')}</Text>
              : <Text size="sm" ff="monospace" fw={700} c={breached ? 'red' : warn ? 'orange' : undefined}>{breached ? `${t('sla.breached')} ` : ''}{formatCountdown(remaining)}</Text>}
          </Group>
        );
      })}
    </Stack>
  );
}
