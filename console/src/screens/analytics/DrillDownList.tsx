import { useState } from 'react';
import { Anchor, Button, Card, CloseButton, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { analyticsQuery, useDrillDown, type AnalyticsScope } from '../../api/analytics';
import { ApiState } from '../../components/ApiState';
import { CsvLink } from './CsvLink';
import { formatDuration } from './format';
import type { Drill } from './SummaryCards';

/** The issues behind a figure or a bar, 50 a page, each a link to the issue in the console. */
export function DrillDownList({ scope, drill, onClose }: { scope: AnalyticsScope; drill: Drill; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const [offset, setOffset] = useState(0);
  const filter = drill.filter ?? {};
  const page = useDrillDown(scope, drill.figure, filter, offset);
  const when = new Intl.DateTimeFormat(lang, { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Card withBorder padding="xs" data-drilldown={drill.figure ?? (Object.entries(filter).map(([k, v]) => `${k}=${v}`).join('&') || 'all')}>
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">{t('analytics.issuesBehind', { title: drill.title, count: page.data?.total ?? 0 })}</Text>
        <Group gap="xs">
          <CsvLink view="issues" query={analyticsQuery(scope, { ...filter, figure: drill.figure })} name="issues" />
          <CloseButton size="sm" aria-label={t('analytics.close')} onClick={onClose} />
        </Group>
      </Group>
      <ApiState loading={page.isLoading} error={page.error} />
      {page.data && (
        <Table striped highlightOnHover fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('analytics.col.issue')}</Table.Th><Table.Th>{t('analytics.col.created')}</Table.Th>
              <Table.Th>{t('analytics.slice.channel')}</Table.Th><Table.Th>{t('analytics.col.status')}</Table.Th>
              <Table.Th>{t('analytics.handedOff')}</Table.Th><Table.Th>{t('analytics.resolution')}</Table.Th>
              <Table.Th>{t('analytics.csat')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.data.issues.map((issue) => (
              <Table.Tr key={issue.issueId} data-issue={issue.issueId}>
                <Table.Td><Anchor component={Link} to={`/issues/${issue.issueId}`} size="xs">{issue.issueId.slice(0, 12)}</Anchor></Table.Td>
                <Table.Td>{when.format(new Date(issue.createdAt))}</Table.Td>
                <Table.Td>{t(`channel.${issue.channel}`, { defaultValue: issue.channel })}</Table.Td>
                <Table.Td>{t(`status.${issue.status}`, { defaultValue: issue.status })}</Table.Td>
                <Table.Td>{issue.handedOff ? t('analytics.yes') : t('analytics.no')}</Table.Td>
                <Table.Td>{formatDuration(issue.resolutionSeconds, lang)}</Table.Td>
                <Table.Td>{issue.csat ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group gap="xs" mt={4}>
        {offset > 0 && <Button size="compact-xs" variant="subtle" onClick={() => setOffset(Math.max(0, offset - 50))}>{t('analytics.previous')}</Button>}
        {page.data?.nextOffset != null && <Button size="compact-xs" variant="subtle" onClick={() => setOffset(page.data!.nextOffset!)}>{t('analytics.next')}</Button>}
      </Group>
    </Card>
  );
}
