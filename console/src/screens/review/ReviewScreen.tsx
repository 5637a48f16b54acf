import { useState } from 'react';
import { Select, SegmentedControl, Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useReviews, useSuggestions, type ReviewReason, type SuggestionStatus } from '../../api/reviews';
import { useOperator } from '../../api/session';
import { isAdmin } from '../../api/types';
import { ApiState } from '../../components/ApiState';
import { ReviewCard } from './ReviewCard';
import { SuggestionCard } from './SuggestionCard';

const REASONS: ReviewReason[] = ['unhelpful_reply', 'low_csat', 'reopened', 'sample'];

/** Quality review of the assistant's answers (supervisors and admins): the queue, verdicts, suggestions. */
export function ReviewScreen() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={2}>{t('review.title')}</Title>
      <Tabs defaultValue="queue" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="queue">{t('review.queueTab')}</Tabs.Tab>
          <Tabs.Tab value="done">{t('review.doneTab')}</Tabs.Tab>
          <Tabs.Tab value="suggestions">{t('review.suggestionsTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="md"><Reviews status="pending" /></Tabs.Panel>
        <Tabs.Panel value="done" pt="md"><Reviews status="done" /></Tabs.Panel>
        <Tabs.Panel value="suggestions" pt="md"><Suggestions /></Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function Reviews({ status }: { status: 'pending' | 'done' }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<ReviewReason | null>(null);
  const reviews = useReviews(status, reason);
  return (
    <Stack>
      <Select label={t('review.reasonFilter')} clearable placeholder={t('review.allReasons')} w={260} value={reason}
        onChange={(v) => setReason(v as ReviewReason | null)} data={REASONS.map((r) => ({ value: r, label: t(`review.reason.${r}`) }))} />
      <ApiState loading={reviews.isLoading} error={reviews.error} />
      {reviews.data && reviews.data.reviews.length === 0 && <Text c="dimmed">{t(status === 'pending' ? 'review.emptyQueue' : 'review.emptyDone')}</Text>}
      {reviews.data?.reviews.map((r) => <ReviewCard key={r.id} review={r} />)}
    </Stack>
  );
}

function Suggestions() {
  const { t } = useTranslation();
  const me = useOperator();
  const [status, setStatus] = useState<SuggestionStatus>('pending');
  const suggestions = useSuggestions(status);
  return (
    <Stack>
      <SegmentedControl value={status} onChange={(v) => setStatus(v as SuggestionStatus)} w="fit-content"
        data={(['pending', 'accepted', 'rejected'] as const).map((s) => ({ value: s, label: t(`review.suggestionStatus.${s}`) }))} />
      {!isAdmin(me) && <Text size="sm" c="dimmed">{t('review.adminAccepts')}</Text>}
      <ApiState loading={suggestions.isLoading} error={suggestions.error} />
      {suggestions.data && suggestions.data.suggestions.length === 0 && <Text c="dimmed">{t('review.noSuggestions')}</Text>}
      {suggestions.data?.suggestions.map((s) => <SuggestionCard key={s.id} suggestion={s} canDecide={isAdmin(me)} />)}
    </Stack>
  );
}
