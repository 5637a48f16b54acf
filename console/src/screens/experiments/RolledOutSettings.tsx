import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { RolledOutSetting } from '../../api/experiments';
import { useAction } from '../../api/use-action';

/** The values winners rolled out, each removable by an admin (the built-in behaviour returns there). */
export function RolledOutSettings({ canChange }: { canChange: boolean }) {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['scenario-settings'], queryFn: () => api<{ settings: RolledOutSetting[] }>('GET', '/scenario-settings') });
  const remove = useAction((s: RolledOutSetting) => api('DELETE', `/scenario-settings/${s.setting}${s.channel ? `?channel=${s.channel}` : ''}`),
    { done: t('experiments.removed'), failed: t('experiments.actionFailed') });
  const settings = list.data?.settings ?? [];
  if (settings.length === 0) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('experiments.rolledOutTitle')}</Title>
      <Table aria-label={t('experiments.rolledOutTitle')}>
        <Table.Tbody>
          {settings.map((s) => (
            <Table.Tr key={`${s.setting}-${s.channel}`} data-rolled-out={s.setting}>
              <Table.Td>{t(`experiments.settings.${s.setting}`)}</Table.Td>
              <Table.Td>{s.channel ?? t('experiments.allChannels')}</Table.Td>
              <Table.Td><Text size="sm" lineClamp={2}>{JSON.stringify(s.value)}</Text></Table.Td>
              {canChange && (
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" loading={remove.isPending} onClick={() => remove.mutate(s)}>
                    {t('experiments.remove')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
