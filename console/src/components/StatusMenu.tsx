import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, Menu, NumberInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useOperator } from '../api/session';
import type { Operator, OperatorStatus } from '../api/types';
import { useAction } from '../api/use-action';

const COLOR: Record<OperatorStatus, string> = { online: 'teal', away: 'yellow', offline: 'gray' };

/** My status (online / away / offline) and capacity (issues at once), as routing offers tasks by them. */
export function StatusMenu() {
  const { t } = useTranslation();
  const me = useOperator();
  const [status, setStatus] = useState<OperatorStatus>(me.status ?? 'offline');
  const [capacity, setCapacity] = useState<number | string>(me.capacity ?? 3);
  // the stored status and capacity (the session's operator may not carry them)
  const stored = useQuery({ queryKey: ['me'], queryFn: () => api<{ operator: Operator }>('GET', '/me'), retry: false });
  const storedStatus = stored.data?.operator.status;
  const storedCapacity = stored.data?.operator.capacity;
  useEffect(() => {
    if (storedStatus) setStatus(storedStatus);
    if (storedCapacity) setCapacity(storedCapacity);
  }, [storedStatus, storedCapacity]);
  const save = useAction(
    (next: { status: OperatorStatus; capacity: number }) => api<{ status: OperatorStatus; capacity: number }>('PUT', '/me/status', next)
      .then((r) => { setStatus(r.status); setCapacity(r.capacity); }),
    { failed: t('status.failed') },
  );
  return (
    <Menu closeOnItemClick={false}>
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={t('status.label')}>
          <Group gap={6}><Badge color={COLOR[status]} variant="dot">{t(`presence.${status}`)}</Badge></Group>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(['online', 'away', 'offline'] as const).map((s) => (
          <Menu.Item key={s} onClick={() => save.mutate({ status: s, capacity: Number(capacity) })}>
            <Badge color={COLOR[s]} variant="dot">{t(`presence.${s}`)}</Badge>
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Group p={6} gap={6} align="end">
          <NumberInput size="xs" w={110} label={t('status.capacity')} min={1} max={50} value={capacity} onChange={setCapacity} />
          <Button size="xs" variant="light" onClick={() => save.mutate({ status, capacity: Number(capacity) })}>{t('common.save')}</Button>
        </Group>
      </Menu.Dropdown>
    </Menu>
  );
}
