import { CompositeChart } from '@mantine/charts';
import { Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { analyticsQuery, useTimeseries, type AnalyticsScope } from '../../api/analytics';
import { ApiState } from '../../components/ApiState';
import { CsvLink } from './CsvLink';
import { formatBucket } from './format';

/** Issues (bars) and automation rate (line, right axis) per bucket of the viewer's calendar. */
export function TimeseriesChart({ scope, tz }: { scope: AnalyticsScope; tz: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  // a day or two reads better by the hour
  const bucket = scope.to.getTime() - scope.from.getTime() <= 2 * 86_400_000 ? 'hour' : 'day';
  const series = useTimeseries(scope, bucket, tz);
  const data = (series.data?.points ?? []).map((p) => ({
    bucket: formatBucket(p.local, bucket, lang),
    issues: p.values.issues ?? 0,
    automationRate: p.values.automationRate === null || p.values.automationRate === undefined ? null : Math.round(p.values.automationRate * 1000) / 10,
  }));
  return (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">{t('analytics.timeseriesTitle', { bucket: t(`analytics.bucket.${bucket}`) })}</Text>
        <CsvLink view="timeseries" query={analyticsQuery(scope, { bucket, tz })} name="timeseries" />
      </Group>
      <ApiState loading={series.isLoading} error={series.error} />
      {series.data && (
        <div data-chart="timeseries" data-points={data.length}>
          <CompositeChart
            h={220} data={data} dataKey="bucket" withLegend withRightYAxis
            rightYAxisProps={{ domain: [0, 100] }}
            valueFormatter={(v) => String(v)}
            series={[
              { name: 'issues', label: t('analytics.issues'), type: 'bar', color: 'blue.5' },
              { name: 'automationRate', label: t('analytics.automationRatePct'), type: 'line', color: 'teal.6', yAxisId: 'right' },
            ]}
          />
        </div>
      )}
    </Card>
  );
}
