import { useState } from 'react';
import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useExperiments } from '../../api/experiments';
import { useOperator } from '../../api/session';
import { isAdmin } from '../../api/types';
import { ApiState } from '../../components/ApiState';
import { ExperimentResultsPanel } from './ExperimentResultsPanel';
import { NewExperimentForm } from './NewExperimentForm';
import { RolledOutSettings } from './RolledOutSettings';

/** A/B tests of scenario settings: the list, a form to start one, and the chosen one's results with stop / roll-out. */
export function ExperimentsScreen() {
  const { t, i18n } = useTranslation();
  // supervisors read; only admins start, stop, roll out and take back (the API's role rules say the same)
  const admin = isAdmin(useOperator());
  const list = useExperiments();
  const [selected, setSelected] = useState<string>();
  const experiments = list.data?.experiments ?? [];
  return (
    <Stack gap="sm">
      <Title order={2}>{t('experiments.title')}</Title>
      <Text size="sm" c="dimmed">{t('experiments.intro')}</Text>
      <ApiState loading={list.isLoading} error={list.error} />
      {list.data && experiments.length === 0 && <Text c="dimmed">{t('admin.empty')}</Text>}
      {experiments.length > 0 && (
        <Table striped="even" highlightOnHover aria-label={t('experiments.title')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('admin.name')}</Table.Th><Table.Th>{t('experiments.setting')}</Table.Th>
              <Table.Th>{t('experiments.channel')}</Table.Th><Table.Th>{t('admin.status')}</Table.Th>
              <Table.Th>{t('experiments.started')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {experiments.map((e) => (
              <Table.Tr key={e.id} data-experiment={e.name} style={{ cursor: 'pointer' }} onClick={() => setSelected(e.id)}
                bg={selected === e.id ? 'var(--mantine-color-blue-light)' : undefined}>
                <Table.Td>{e.name}</Table.Td>
                <Table.Td>{t(`experiments.settings.${e.setting}`)}</Table.Td>
                <Table.Td>{e.channel ?? t('experiments.allChannels')}</Table.Td>
                <Table.Td>
                  <Badge color={e.status === 'running' ? 'teal' : 'gray'} variant="light">{t(`experiments.status.${e.status}`)}</Badge>
                  {e.winner && <Text span size="xs" ml={6}>{t('experiments.winner', { variant: e.winner })}</Text>}
                </Table.Td>
                <Table.Td>{new Date(e.startedAt).toLocaleString(i18n.language)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {selected && <ExperimentResultsPanel id={selected} canChange={admin} />}
      <RolledOutSettings canChange={admin} />
      {admin && <Card withBorder padding="sm"><NewExperimentForm onCreated={setSelected} /></Card>}
    </Stack>
  );
}
