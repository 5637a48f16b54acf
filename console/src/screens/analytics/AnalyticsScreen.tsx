import { useMemo, useState } from 'react';
import { Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { analyticsQuery, useSummary, type AnalyticsScope, type AutomationDefinition, type Hours } from '../../api/analytics';
import { ApiState } from '../../components/ApiState';
import { CHANNELS } from '../../api/types';
import { BreakdownChart } from './BreakdownChart';
import { CsvLink } from './CsvLink';
import { DrillDownList } from './DrillDownList';
import { FunnelChart } from './FunnelChart';
import { dateInputValue, localMidnight, viewerTimeZone } from './format';
import { SummaryCards, type Drill } from './SummaryCards';
import { TimeseriesChart } from './TimeseriesChart';

const QUICK = { '24h': 1, '7d': 7, '30d': 30 } as const;
type Quick = keyof typeof QUICK | 'custom';

const lastDays = (days: number): { from: Date; to: Date } => {
  const to = new Date();
  return { from: new Date(to.getTime() - days * 86_400_000), to };
};

/** The analytics dashboard: a range, a definition and a channel; figures, charts, drill-down and CSV of each. */
export function AnalyticsScreen() {
  const { t } = useTranslation();
  const tz = useMemo(viewerTimeZone, []);
  const [quick, setQuick] = useState<Quick>('7d');
  const [range, setRange] = useState(() => lastDays(7));
  const [automation, setAutomation] = useState<AutomationDefinition>('switchboard');
  const [channel, setChannel] = useState<string | null>(null);
  const [hours, setHours] = useState<Hours>('calendar');
  const [drill, setDrill] = useState<Drill | undefined>();
  const scope: AnalyticsScope = useMemo(
    () => ({ ...range, automation, channel: channel ?? undefined }), [range, automation, channel]);
  const summary = useSummary(scope);

  const pick = (value: string) => {
    setQuick(value as Quick);
    if (value !== 'custom') setRange(lastDays(QUICK[value as keyof typeof QUICK]));
  };
  // a typed day covers it whole: from its local midnight to the next
  const typed = (which: 'from' | 'to') => (value: string) => {
    const at = localMidnight(value, which === 'to' ? 1 : 0);
    if (!at) return;
    const next = { ...range, [which]: at };
    if (next.from < next.to) { setQuick('custom'); setRange(next); }
  };
  const lastDay = new Date(range.to.getTime() - 1);

  return (
    <Stack gap="xs" data-screen="analytics">
      <Group justify="space-between" align="flex-end" gap="xs">
        <Title order={3}>{t('analytics.title')}</Title>
        <Group gap="xs" align="flex-end">
          <SegmentedControl size="xs" value={quick} onChange={pick} aria-label={t('analytics.range')}
            data={(['24h', '7d', '30d', 'custom'] as const).map((q) => ({ value: q, label: t(`analytics.quick.${q}`) }))} />
          <TextInput size="xs" type="date" label={t('analytics.from')} value={dateInputValue(range.from)} onChange={(e) => typed('from')(e.currentTarget.value)} />
          <TextInput size="xs" type="date" label={t('analytics.to')} value={dateInputValue(lastDay)} onChange={(e) => typed('to')(e.currentTarget.value)} />
          <Select size="xs" w={130} label={t('analytics.slice.channel')} placeholder={t('analytics.allChannels')} clearable value={channel}
            onChange={setChannel} data={CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))} />
        </Group>
      </Group>
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="xs" c="dimmed">{t('analytics.definition')}</Text>
          <SegmentedControl size="xs" value={automation} onChange={(v) => setAutomation(v as AutomationDefinition)} aria-label={t('analytics.definition')}
            data={(['switchboard', 'silence24h', 'silence72h'] as const).map((a) => ({ value: a, label: t(`analytics.automation.${a}`) }))} />
          <Text size="xs" c="dimmed">{t('analytics.hoursLabel')}</Text>
          <SegmentedControl size="xs" value={hours} onChange={(v) => setHours(v as Hours)} aria-label={t('analytics.hoursLabel')}
            data={(['calendar', 'business'] as const).map((h) => ({ value: h, label: t(`analytics.hours.${h}`) }))} />
        </Group>
        <Group gap="xs">
          <Text size="xs" c="dimmed" data-tz={tz}>{t('analytics.timeZone', { tz })}</Text>
          <CsvLink view="summary" query={analyticsQuery(scope)} name="summary" />
        </Group>
      </Group>
      <ApiState loading={summary.isLoading} error={summary.error} />
      {summary.data && (
        <>
          <SummaryCards summary={summary.data} automation={automation} hours={hours} onDrill={setDrill} />
          {drill && <DrillDownList key={JSON.stringify(drill)} scope={scope} drill={drill} onClose={() => setDrill(undefined)} />}
          <SimpleGrid cols={2} spacing="xs">
            <TimeseriesChart scope={scope} tz={tz} />
            <BreakdownChart scope={scope} onDrill={setDrill} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="xs">
            <FunnelChart scope={scope} summary={summary.data} onDrill={setDrill} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
