import { Badge, Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Issue } from '../api/types';

/** What the assistant made of the issue: its classification and each turn's decision, reason and articles. */
export function AuditPanel({ issue }: { issue: Issue }) {
  const { t, i18n } = useTranslation();
  const c = issue.classification;
  const turns = [...(issue.audit ?? [])].reverse();
  return (
    <Stack gap="xs">
      {c ? (
        <Group gap={6} aria-label={t('audit.classification')}>
          <Badge variant="light">{c.category}</Badge>
          <Badge variant="light" color="cyan">{c.intent}</Badge>
          <Badge variant="light" color={c.sentiment === 'negative' ? 'red' : 'gray'}>{t(`sentiment.${c.sentiment}`, { defaultValue: c.sentiment })}</Badge>
          <Badge variant="light" color="gray">{c.language.toUpperCase()}</Badge>
          <Text size="xs" c="dimmed">{t('audit.confidence', { value: Math.round(c.confidence * 100) })}</Text>
        </Group>
      ) : <Text size="sm" c="dimmed">{t('audit.noClassification')}</Text>}
      {issue.task && <Text size="sm"><b>{t('audit.escalatedBecause')}</b> {t(`reason.${issue.task.reason}`, { defaultValue: issue.task.reason })}</Text>}
      {turns.length === 0 && <Text size="sm" c="dimmed">{t('audit.noTurns')}</Text>}
      {turns.map((turn) => (
        <Stack key={`${turn.messageId}-${turn.at}`} gap={2} data-turn={turn.decision}>
          <Group gap={6}>
            <Badge size="xs" color={turn.decision === 'escalate' ? 'orange' : 'teal'}>{t(`decision.${turn.decision}`)}</Badge>
            <Text size="xs" c="dimmed">{new Date(turn.at).toLocaleString(i18n.language)} · {t(`source.${turn.source}`, { defaultValue: turn.source })}</Text>
          </Group>
          <Text size="sm">{turn.reason}</Text>
          {turn.cited.length > 0 && (
            <List size="xs" withPadding>
              {turn.cited.map((a) => <List.Item key={a.articleId}>{t('audit.cited')}: {a.title} ({a.score.toFixed(2)})</List.Item>)}
            </List>
          )}
          {turn.cited.length === 0 && turn.retrieved.length > 0 && (
            <Text size="xs" c="dimmed">{t('audit.retrieved')}: {turn.retrieved.slice(0, 3).map((a) => a.title).join(', ')}</Text>
          )}
        </Stack>
      ))}
    </Stack>
  );
}
