import type { ReactNode } from 'react';
import { Anchor, Badge, Card, Group, SimpleGrid, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AutomationDefinition, DrillFigure, Hours, Summary } from '../../api/analytics';
import { formatDuration, formatNumber, formatPercent } from './format';

export interface Drill { figure?: DrillFigure; filter?: Record<string, string>; title: string }

/**
 * The definition of a figure: the API's sentence (the authoritative one) in English, its translation otherwise.
 * The automation rate's depends on the definition switched on.
 */
function useDefinition(summary: Summary, automation: AutomationDefinition) {
  const { t, i18n } = useTranslation();
  return (key: string) => {
    const own = key === 'automationRate' ? `analytics.definitions.automation_${automation}` : `analytics.definitions.${key}`;
    return i18n.resolvedLanguage === 'en' ? (summary.definitions[key] ?? t(own)) : t(own);
  };
}

function FigureCard({ figure, label, value, detail, definition, onDrill, hours }: {
  figure: string; label: string; value: string; detail?: ReactNode; definition: string; onDrill?: () => void; hours?: Hours;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="xs" data-figure={figure} data-hours={hours}>
      <Group justify="space-between" gap={4} wrap="nowrap">
        <Tooltip label={definition} multiline w={320} withArrow>
          <Group gap={4} wrap="nowrap" style={{ cursor: 'help' }}>
            <Text size="xs" c="dimmed" fw={600}>{label}</Text>
            <Badge size="xs" variant="outline" color="gray" circle aria-hidden>i</Badge>
          </Group>
        </Tooltip>
        {onDrill && <Anchor size="xs" component="button" onClick={onDrill} data-drill={figure}>{t('analytics.showIssues')}</Anchor>}
      </Group>
      <Text size="xl" fw={700} data-value>{value}</Text>
      {detail && <Text size="xs" c="dimmed">{detail}</Text>}
      <Text size="xs" c="dimmed" lineClamp={2} data-definition title={definition}>{definition}</Text>
    </Card>
  );
}

export function SummaryCards({ summary, automation, hours, onDrill }: {
  summary: Summary; automation: AutomationDefinition; hours: Hours; onDrill: (d: Drill) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'en';
  const def = useDefinition(summary, automation);
  const pct = (v: number | null) => formatPercent(v, lang);
  const dur = (v: number | null) => formatDuration(v, lang);
  const drill = (figure: DrillFigure | undefined, title: string) => () => onDrill({ figure, title });
  // the time figures in calendar time or in business hours, with the definition of what is counted
  const business = hours === 'business';
  const times = business ? summary.businessHours : summary;
  const timeDef = (key: string) => (business ? def('businessHours') : def(key));
  const spread = (s: { p90: number | null }, extra?: string) =>
    [t('analytics.p90', { value: dur(s.p90) }), extra, business ? t('analytics.hours.business') : undefined].filter(Boolean).join(' · ');
  return (
    <SimpleGrid cols={4} spacing="xs">
      <FigureCard figure="issues" label={t('analytics.issues')} value={formatNumber(summary.issues, lang)}
        definition={def('issues')} onDrill={drill(undefined, t('analytics.issues'))} />
      <FigureCard figure="automationRate" label={t('analytics.automationRate')} value={pct(summary.automationRate)}
        detail={t(`analytics.automation.${automation}`)} definition={def('automationRate')}
        onDrill={drill('automated', t('analytics.automationRate'))} />
      <FigureCard figure="handoffRate" label={t('analytics.handoffRate')} value={pct(summary.handoffRate)}
        definition={def('handoffRate')} onDrill={drill('handed_off', t('analytics.handoffRate'))} />
      <FigureCard figure="reopenRate" label={t('analytics.reopenRate')} value={pct(summary.reopenRate)}
        definition={def('reopenRate')} onDrill={drill('reopened', t('analytics.reopenRate'))} />
      <FigureCard figure="firstResponse" hours={hours} label={t('analytics.firstResponse')} value={dur(times.firstResponseSeconds.median)}
        detail={spread(times.firstResponseSeconds)} definition={timeDef('firstResponseSeconds')} />
      <FigureCard figure="nextResponse" hours={hours} label={t('analytics.nextResponse')} value={dur(times.nextResponseSeconds.median)}
        detail={spread(times.nextResponseSeconds, t('analytics.nextResponses', { count: summary.nextResponses }))}
        definition={timeDef('nextResponseSeconds')} />
      <FigureCard figure="resolution" hours={hours} label={t('analytics.resolution')} value={dur(times.resolutionSeconds.median)}
        detail={spread(times.resolutionSeconds)} definition={timeDef('resolutionSeconds')}
        onDrill={drill('resolved', t('analytics.resolution'))} />
      <FigureCard figure="csat" label={t('analytics.csat')} value={formatNumber(summary.csat.average, lang, 2)}
        detail={t('analytics.csatDetail', { count: summary.csat.responses, share: pct(summary.csat.share4or5) })}
        definition={def('csat')} onDrill={drill('rated', t('analytics.csat'))} />
      <FigureCard figure="slaCompliance" label={t('analytics.slaCompliance')} value={pct(summary.slaCompliance)}
        detail={summary.slaTasks === undefined ? undefined : t('analytics.slaTasks', { count: summary.slaTasks })}
        definition={def('slaCompliance')} />
      {summary.assistantAccuracy && (
        <FigureCard figure="assistantAccuracy" label={t('analytics.assistantAccuracy')} value={pct(summary.assistantAccuracy.share)}
          detail={t('analytics.accuracyDetail', { count: summary.assistantAccuracy.reviewed, sampled: pct(summary.assistantAccuracy.sampled.share) })}
          definition={def('assistantAccuracy')} />
      )}
    </SimpleGrid>
  );
}
