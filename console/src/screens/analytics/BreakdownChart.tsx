import { useState } from 'react';
import { BarChart } from '@mantine/charts';
import { Card, Group, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { analyticsQuery, useBreakdown, type AnalyticsScope, type Slice } from '../../api/analytics';
import { useExperiments } from '../../api/experiments';
import { ApiState } from '../../components/ApiState';
import { CsvLink } from './CsvLink';
import type { Drill } from './SummaryCards';

const SLICES: Slice[] = ['channel', 'category', 'priority', 'team', 'language', 'variant'];

/** Issues per slice, handed off and automated side by side; a click on a bar lists that slice's issues. */
export function BreakdownChart({ scope, onDrill }: { scope: AnalyticsScope; onDrill: (d: Drill) => void }) {
  const { t } = useTranslation();
  const [by, setBy] = useState<Slice>('channel');
  const breakdown = useBreakdown(scope, by);
  const experiments = useExperiments();
  const label = (value: string | null) => {
    if (value === null) return t('analytics.none');
    if (by === 'channel' || by === 'priority') return t(`${by}.${value}`, { defaultValue: value });
    if (by === 'variant') {
      // "<experimentId>:<variant>" read as "<experiment name>: <variant>"
      const [id, variant] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
      const experiment = experiments.data?.experiments.find((e) => e.id === id);
      return experiment ? `${experiment.name}: ${variant}` : value;
    }
    return value;
  };
  const slices = breakdown.data?.slices ?? [];
  const data = slices.map((s) => ({
    slice: label(s.value),
    value: s.value,
    issues: s.figures.issues,
    automated: Math.round((s.figures.automationRate ?? 0) * s.figures.issues),
    handedOff: Math.round((s.figures.handoffRate ?? 0) * s.figures.issues),
  }));
  const drill = (row: { value?: string | null; slice?: string } | undefined) => {
    if (!row || row.value === undefined) return;
    // the API's value for the issues without one (no team, no operator) is `none`
    onDrill({ filter: { [by]: row.value ?? 'none' }, title: `${t(`analytics.slice.${by}`)}: ${row.slice}` });
  };
  return (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4} gap="xs">
        <Text fw={600} size="sm">{t('analytics.breakdownTitle')}</Text>
        <Group gap="xs" wrap="nowrap">
          <SegmentedControl size="xs" value={by} onChange={(v) => setBy(v as Slice)} aria-label={t('analytics.breakdownBy')}
            data={SLICES.map((s) => ({ value: s, label: t(`analytics.slice.${s}`) }))} />
          <CsvLink view="breakdown" query={analyticsQuery(scope, { by })} name={`breakdown-${by}`} />
        </Group>
      </Group>
      <ApiState loading={breakdown.isLoading} error={breakdown.error} />
      {breakdown.data && (
        <div data-chart="breakdown" data-by={by} data-points={data.length}>
          <BarChart
            h={by === 'variant' ? Math.max(220, 40 + 28 * data.length) : 220} data={data} dataKey="slice" withLegend
            // experiment variants have long names: bars across, every name on the side
            {...(by === 'variant' ? { orientation: 'vertical' as const, yAxisProps: { width: 180, interval: 0 } } : {})}
            series={[
              { name: 'issues', label: t('analytics.issues'), color: 'blue.5' },
              { name: 'automated', label: t('analytics.automated'), color: 'teal.6' },
              { name: 'handedOff', label: t('analytics.handedOff'), color: 'orange.6' },
            ]}
            barProps={{ cursor: 'pointer', onClick: (entry: unknown) => drill((entry as { payload?: { value?: string | null; slice?: string } }).payload) }}
          />
          <Text size="xs" c="dimmed">{t('analytics.clickBar')}</Text>
        </div>
      )}
    </Card>
  );
}
