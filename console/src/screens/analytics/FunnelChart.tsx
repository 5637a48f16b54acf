import { BarChart } from '@mantine/charts';
import { Card, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDrillDown, type AnalyticsScope, type DrillFigure, type Summary } from '../../api/analytics';
import type { Drill } from './SummaryCards';

/**
 * Assistant → handed off → resolved: every issue starts with the assistant; some it closes itself, some go to
 * people; the resolved ones are counted by the drill-down (the summary carries no resolved count).
 */
export function FunnelChart({ scope, summary, onDrill }: { scope: AnalyticsScope; summary: Summary; onDrill: (d: Drill) => void }) {
  const { t } = useTranslation();
  const resolved = useDrillDown(scope, 'resolved', {}, 0);
  const count = (rate: number | null) => Math.round((rate ?? 0) * summary.issues);
  const steps: Array<{ step: string; issues: number; figure?: DrillFigure }> = [
    { step: t('analytics.funnel.assistant'), issues: summary.issues },
    { step: t('analytics.funnel.automated'), issues: count(summary.automationRate), figure: 'automated' },
    { step: t('analytics.funnel.handedOff'), issues: count(summary.handoffRate), figure: 'handed_off' },
    { step: t('analytics.funnel.resolved'), issues: resolved.data?.total ?? 0, figure: 'resolved' },
  ];
  return (
    <Card withBorder padding="xs">
      <Group justify="space-between" mb={4}>
        <Text fw={600} size="sm">{t('analytics.funnelTitle')}</Text>
      </Group>
      <div data-chart="funnel" data-points={steps.length}>
        <BarChart
          h={220} data={steps} dataKey="step" orientation="vertical" yAxisProps={{ width: 130 }}
          series={[{ name: 'issues', label: t('analytics.issues'), color: 'indigo.5' }]}
          barProps={{
            cursor: 'pointer',
            onClick: (entry: unknown) => {
              const row = (entry as { payload?: { step: string; figure?: DrillFigure } }).payload;
              if (row) onDrill({ figure: row.figure, title: row.step });
            },
          }}
        />
      </div>
    </Card>
  );
}
