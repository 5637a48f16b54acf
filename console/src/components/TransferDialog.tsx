import { useState } from 'react';
import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useOperators, useTeams } from '../api/queries';
import { useAction } from '../api/use-action';

/** Hands the task to another person or back to a team's queue. */
export function TransferDialog({ taskId, opened, onClose }: { taskId: string; opened: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const operators = useOperators();
  const teams = useTeams();
  const [operatorId, setOperatorId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const transfer = useAction(
    () => api('POST', `/tasks/${taskId}/transfer`, { ...(operatorId ? { operatorId } : {}), ...(teamId ? { teamId } : {}) }),
    { done: t('actions.transferred'), failed: t('actions.transferFailed') },
  );
  const people = (operators.data?.items ?? []).filter((o) => o.role !== 'integration');
  return (
    <Modal opened={opened} onClose={onClose} title={t('actions.transfer')}>
      <Stack>
        {operators.data?.missing && teams.data?.missing && <Text c="dimmed">{t('common.unavailable')}</Text>}
        <Select label={t('transfer.person')} clearable searchable data={people.map((o) => ({ value: o.id, label: o.name }))} value={operatorId} onChange={setOperatorId} />
        <Select label={t('transfer.team')} clearable data={(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))} value={teamId} onChange={setTeamId} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!operatorId && !teamId} loading={transfer.isPending} onClick={() => transfer.mutate(undefined, { onSuccess: onClose })}>{t('actions.transfer')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
