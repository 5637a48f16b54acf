import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { decideSuggestion, type Suggestion } from '../../api/reviews';
import { useAction } from '../../api/use-action';

/** A suggested knowledge-base edit (before → after) or labelled example; admins accept or reject it. */
export function SuggestionCard({ suggestion, canDecide }: { suggestion: Suggestion; canDecide: boolean }) {
  const { t } = useTranslation();
  const decide = useAction((decision: 'accept' | 'reject') => decideSuggestion(suggestion.id, decision),
    { done: t('review.decided'), failed: t('review.decideFailed') });
  const pre = { whiteSpace: 'pre-wrap' } as const;
  return (
    <Card withBorder data-suggestion={suggestion.id}>
      <Stack gap="xs">
        <Group gap="xs">
          <Badge>{t(`review.kind.${suggestion.kind}`)}</Badge>
          <Badge variant="light" color={suggestion.status === 'accepted' ? 'teal' : suggestion.status === 'rejected' ? 'gray' : 'blue'}>
            {t(`review.suggestionStatus.${suggestion.status}`)}
          </Badge>
          <Anchor component={Link} to={`/issues/${suggestion.issueId}`} size="sm">{t('review.openIssue')}</Anchor>
        </Group>
        {suggestion.kind === 'kb_edit' ? (
          <>
            <Text size="sm" fw={600}>{suggestion.article?.title ?? t('review.articleGone')}</Text>
            <SimpleGrid cols={2}>
              <Stack gap={2}><Text size="xs" c="dimmed">{t('review.before')}</Text><Text size="sm" style={pre}>{suggestion.articleBody}</Text></Stack>
              <Stack gap={2}><Text size="xs" c="dimmed">{t('review.after')}</Text><Text size="sm" style={pre} data-proposed>{suggestion.proposedBody}</Text></Stack>
            </SimpleGrid>
          </>
        ) : (
          <Text size="sm">«{suggestion.example?.text}» → <b>{suggestion.example?.label}</b></Text>
        )}
        {canDecide && suggestion.status === 'pending' && (
          <Group>
            <Button color="teal" loading={decide.isPending && decide.variables === 'accept'} disabled={decide.isPending}
              onClick={() => decide.mutate('accept')}>{t('review.accept')}</Button>
            <Button variant="default" loading={decide.isPending && decide.variables === 'reject'} disabled={decide.isPending}
              onClick={() => decide.mutate('reject')}>{t('review.reject')}</Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
