import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Spoiler, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { giveVerdict, type AnswerReview, type Verdict } from '../../api/reviews';
import { useAction } from '../../api/use-action';

const VERDICT_COLOR: Record<Verdict, string> = { correct: 'teal', incorrect: 'orange', harmful: 'red' };

/** One queued answer: the question, the answer and its article; verdict buttons with the right-answer field. */
export function ReviewCard({ review }: { review: AnswerReview }) {
  const { t } = useTranslation();
  const [correctAnswer, setCorrectAnswer] = useState('');
  const [intent, setIntent] = useState('');
  const [note, setNote] = useState('');
  const judge = useAction((verdict: Verdict) => giveVerdict(review.id, {
    verdict,
    ...(correctAnswer.trim() ? { correctAnswer: correctAnswer.trim() } : {}),
    ...(intent.trim() ? { intent: intent.trim() } : {}),
    ...(note.trim() ? { note: note.trim() } : {}),
  }), { done: t('review.verdictSaved'), failed: t('review.verdictFailed') });
  return (
    <Card withBorder data-review={review.id}>
      <Stack gap="xs">
        <Group gap="xs">
          {review.reasons.map((r) => <Badge key={r} variant="light">{t(`review.reason.${r}`)}</Badge>)}
          {review.verdict && <Badge color={VERDICT_COLOR[review.verdict]}>{t(`review.verdict.${review.verdict}`)}</Badge>}
          <Anchor component={Link} to={`/issues/${review.issueId}`} size="sm">{t('review.openIssue')}</Anchor>
        </Group>
        <Text size="sm" fw={600}>{t('review.question')}</Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-question>{review.question ?? t('review.unknown')}</Text>
        <Text size="sm" fw={600}>{t('review.answer')}</Text>
        <Spoiler maxHeight={120} showLabel={t('review.more')} hideLabel={t('review.less')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-answer>{review.answer}</Text>
        </Spoiler>
        <Text size="xs" c="dimmed">
          {t('review.article')}: {review.article?.title ?? t('review.noArticle')} · {t('review.intent')}: {review.intent ?? '—'}
        </Text>
        {review.status === 'pending' ? (
          <>
            <Textarea label={t('review.correctAnswer')} description={review.article ? t('review.correctAnswerArticle') : t('review.correctAnswerIntent')}
              autosize minRows={2} value={correctAnswer} onChange={(e) => setCorrectAnswer(e.currentTarget.value)} />
            <Group grow>
              <TextInput label={t('review.intentField')} placeholder={review.intent ?? ''} value={intent} onChange={(e) => setIntent(e.currentTarget.value)} />
              <TextInput label={t('review.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            </Group>
            <Group>
              {(['correct', 'incorrect', 'harmful'] as const).map((v) => (
                <Button key={v} color={VERDICT_COLOR[v]} variant={v === 'correct' ? 'light' : 'filled'} loading={judge.isPending && judge.variables === v}
                  disabled={judge.isPending} onClick={() => judge.mutate(v)}>{t(`review.verdict.${v}`)}</Button>
              ))}
            </Group>
          </>
        ) : (
          review.correctAnswer && <Text size="sm"><b>{t('review.correctAnswer')}:</b> {review.correctAnswer}</Text>
        )}
      </Stack>
    </Card>
  );
}
