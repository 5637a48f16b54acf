import { Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Csat } from '../api/types';

/** Five stars, the score filled in (the number is said for screen readers). */
export function CsatStars({ score }: { score: number }) {
  const { t } = useTranslation();
  return (
    <Text span c="yellow.7" aria-label={t('csat.scoreOf', { score })} data-testid="csat-stars">
      {'★'.repeat(score)}<Text span c="gray.4">{'★'.repeat(5 - score)}</Text>
    </Text>
  );
}

/** The customer's rating of this issue (or that it was asked and none came yet), for the operator who handled it. */
export function CsatPanel({ csat, askedAt, operatorName }: { csat?: Csat; askedAt?: string; operatorName?: (id?: string) => string | undefined }) {
  const { t } = useTranslation();
  if (!csat && !askedAt) return null;
  return (
    <Stack gap={2} mb="sm" data-testid="csat-panel">
      <Text fw={600} size="sm">{t('csat.title')}</Text>
      {csat ? (
        <>
          <Group gap="xs">
            <CsatStars score={csat.score} />
            <Text size="sm">{t('csat.scoreOf', { score: csat.score })}</Text>
          </Group>
          {csat.comment && <Text size="sm" fs="italic">“{csat.comment}”</Text>}
          <Text size="xs" c="dimmed">
            {[
              new Date(csat.at).toLocaleString(),
              csat.channel ? t(`channel.${csat.channel}`) : undefined,
              csat.operatorId && operatorName?.(csat.operatorId) ? t('csat.forOperator', { name: operatorName(csat.operatorId) }) : undefined,
            ].filter(Boolean).join(' · ')}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">{t('csat.asked', { at: new Date(askedAt!).toLocaleString() })}</Text>
      )}
    </Stack>
  );
}
