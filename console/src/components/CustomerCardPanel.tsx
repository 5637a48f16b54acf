import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCustomerCard } from '../api/queries';
import { ApiState } from './ApiState';

const show = (value: unknown): string => (value === undefined || value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The customer's CRM card: profile, orders, returns, previous issues. */
export function CustomerCardPanel({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const card = useCustomerCard(customerId);
  if (!card.data) return <ApiState loading={card.isLoading} error={card.error} />;
  const { profile, orders = [], returns = [], previousIssues = [] } = card.data;
  return (
    <Stack gap="xs">
      {profile && (
        <Table withRowBorders={false} verticalSpacing={2}>
          <Table.Tbody>
            {Object.entries(profile).filter(([, v]) => v !== undefined && v !== null && typeof v !== 'object').map(([k, v]) => (
              <Table.Tr key={k}><Table.Td c="dimmed">{t(`card.${k}`, { defaultValue: k })}</Table.Td><Table.Td>{show(v)}</Table.Td></Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={6}>{t('card.orders')}</Title>
      {orders.length === 0 ? <Text size="sm" c="dimmed">{t('card.none')}</Text> : orders.map((o, i) => (
        <Text key={i} size="sm">{show(o.orderId ?? o.id)} · {show(o.status)}{o.total !== undefined ? ` · ${show(o.total)}` : ''}</Text>
      ))}
      <Title order={6}>{t('card.returns')}</Title>
      {returns.length === 0 ? <Text size="sm" c="dimmed">{t('card.none')}</Text> : returns.map((r, i) => (
        <Text key={i} size="sm">{show(r.returnId ?? r.id)} · {show(r.status)}</Text>
      ))}
      <Title order={6}>{t('card.previousIssues')}</Title>
      {previousIssues.length === 0 ? <Text size="sm" c="dimmed">{t('card.none')}</Text> : previousIssues.map((p) => (
        <Text key={p.issueId} size="sm">{p.createdAt ? new Date(p.createdAt).toLocaleDateString() : ''} · {show(p.category)} · {t(`status.${p.status}`, { defaultValue: p.status ?? '' })}</Text>
      ))}
    </Stack>
  );
}
