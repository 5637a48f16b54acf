import { useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Card, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useExperimentResults, type Comparison, type Interval, type VariantResult } from '../../api/experiments';
import { useAction } from '../../api/use-action';
import { ApiState } from '../../components/ApiState';
import { formatDuration, formatNumber, formatPercent } from '../analytics/format';

type Format = (v: number | null | undefined) => string;

/** "value (low – high)": a figure with its 95 % interval. */
function WithInterval({ value, interval, format }: { value: number | null; interval: Interval | null; format: Format }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>{format(value)}</Text>
      {interval && <Text size="xs" c="dimmed" data-interval>{format(interval.low)} – {format(interval.high)}</Text>}
    </Stack>
  );
}

/** Against the control: p-value, and a badge when it is significant. */
function Versus({ comparison }: { comparison: Comparison | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!comparison) return null;
  return (
    <Group gap={4}>
      <Text size="xs" c="dimmed">p = {formatNumber(comparison.p, i18n.language, 3)}</Text>
      {comparison.significant && <Badge size="xs" color="teal" data-significant>{t('experiments.significant')}</Badge>}
    </Group>
  );
}

function Cell({ children, comparison }: { children: ReactNode; comparison?: Comparison | null }) {
  return <Table.Td>{children}<Versus comparison={comparison} /></Table.Td>;
}

/**
 * One experiment's outcomes per variant with 95 % intervals, the tests against the control, and stop / roll-out
 * when `canChange` (an admin; supervisors read).
 */
export function ExperimentResultsPanel({ id, canChange }: { id: string; canChange: boolean }) {
  const { t, i18n } = useTranslation();
  const results = useExperimentResults(id);
  const [winner, setWinner] = useState<string | null>(null);
  const stop = useAction(() => api('POST', `/experiments/${id}/stop`), { done: t('experiments.stopped'), failed: t('experiments.actionFailed') });
  const rollout = useAction(() => api('POST', `/experiments/${id}/rollout`, { variant: winner }),
    { done: t('experiments.rolledOut'), failed: t('experiments.actionFailed') });
  const data = results.data;
  const pct: Format = (v) => formatPercent(v, i18n.language);
  const num: Format = (v) => formatNumber(v, i18n.language, 2);
  const dur: Format = (v) => formatDuration(v, i18n.language);
  return (
    <Card withBorder padding="sm" data-experiment-results>
      <ApiState loading={results.isLoading} error={results.error} />
      {data && (
        <Stack gap="xs">
          <Title order={4}>{data.experiment.name}</Title>
          {data.sampleTooSmall && (
            <Alert color="yellow" title={t('experiments.tooSmallTitle')} data-sample-warning>
              <Text size="sm">{t('experiments.tooSmallRule')}</Text>
              <List size="xs">
                {data.warnings.map((w) => (
                  <List.Item key={`${w.variant}-${w.metric}`} data-warning={w.metric}>
                    {t(`experiments.rule.${w.rule}`, { variant: w.variant, control: data.control, metric: t(`experiments.metric.${w.metric}`) })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Table aria-label={t('experiments.results')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('experiments.variant')}</Table.Th><Table.Th>{t('experiments.share')}</Table.Th>
                <Table.Th>{t('analytics.issues')}</Table.Th><Table.Th>{t('analytics.automationRate')}</Table.Th>
                <Table.Th>{t('experiments.escalationRate')}</Table.Th><Table.Th>{t('analytics.csat')}</Table.Th>
                <Table.Th>{t('analytics.resolution')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.variants.map((v: VariantResult) => (
                <Table.Tr key={v.name} data-variant={v.name}>
                  <Table.Td>{v.name}{v.name === data.control && <Text span size="xs" c="dimmed"> ({t('experiments.control')})</Text>}</Table.Td>
                  <Table.Td>{pct(v.share)}</Table.Td>
                  <Table.Td data-issues>{v.issues}</Table.Td>
                  <Cell comparison={v.comparison?.automationRate}><WithInterval value={v.automationRate.value} interval={v.automationRate.interval} format={pct} /></Cell>
                  <Cell comparison={v.comparison?.escalationRate}><WithInterval value={v.escalationRate.value} interval={v.escalationRate.interval} format={pct} /></Cell>
                  <Cell comparison={v.comparison?.csat}><WithInterval value={v.csat.average} interval={v.csat.interval} format={num} /></Cell>
                  <Cell comparison={v.comparison?.resolutionSeconds}><WithInterval value={v.resolutionSeconds.median} interval={v.resolutionSeconds.interval} format={dur} /></Cell>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed">{t('experiments.method')}</Text>
          <Group align="end">
            {canChange && data.experiment.status === 'running' && (
              <Button color="red" variant="light" loading={stop.isPending} onClick={() => stop.mutate()}>{t('experiments.stop')}</Button>
            )}
            {canChange && !data.experiment.winner && (
              <>
                <Select label={t('experiments.winnerLabel')} value={winner} onChange={setWinner} data={data.experiment.variants.map((v) => v.name)} />
                <Button disabled={!winner} loading={rollout.isPending} onClick={() => rollout.mutate()}>{t('experiments.rollout')}</Button>
              </>
            )}
            {data.experiment.winner && <Text size="sm" data-winner>{t('experiments.winner', { variant: data.experiment.winner })}</Text>}
          </Group>
        </Stack>
      )}
    </Card>
  );
}
