import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMyRatings } from '../api/queries';
import { ApiState } from '../components/ApiState';
import { CsatStars } from '../components/CsatPanel';

/** The signed-in person's own recent CSAT ratings: the issues they resolved and what the customers said. */
export function MyRatingsScreen() {
  const { t } = useTranslation();
  const query = useMyRatings();
  if (!query.data) return <ApiState loading={query.isLoading} error={query.error} />;
  const { ratings, average, count } = query.data;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3}>{t('csat.myRatings')}</Title>
        {average !== null && <Text size="sm">{t('csat.average', { average: average.toFixed(2), count })}</Text>}
      </Group>
      <Card withBorder padding="sm">
        {ratings.length === 0 ? <Text c="dimmed" size="sm">{t('csat.none')}</Text> : (
          <Table data-testid="my-ratings">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('csat.when')}</Table.Th><Table.Th>{t('csat.customer')}</Table.Th>
                <Table.Th>{t('csat.rating')}</Table.Th><Table.Th>{t('csat.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ratings.map((r) => (
                <Table.Tr key={r.issueId}>
                  <Table.Td>{new Date(r.at).toLocaleString()}</Table.Td>
                  <Table.Td><Anchor component={Link} to={`/issues/${r.issueId}`}>{r.customerName ?? t('issue.title')}</Anchor></Table.Td>
                  <Table.Td><CsatStars score={r.score} /> {r.channel ? t(`channel.${r.channel}`) : ''}</Table.Td>
                  <Table.Td>{r.comment ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
