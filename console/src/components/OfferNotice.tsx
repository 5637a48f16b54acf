import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import type { NavigateFunction } from 'react-router';
import { api } from '../api/client';
import type { ConsoleEvent } from '../live/console-events';

const idOf = (event: ConsoleEvent) => `offer-${event.taskId}`;

/**
 * A task offered to me (routing): a notice with Claim (accepting is claiming) and Decline (the dispatcher offers
 * it to the next person); it goes away when the offer ends (claimed, declined, expired).
 */
export function showOffer(event: ConsoleEvent, t: TFunction, navigate: NavigateFunction): void {
  if (!event.taskId) return;
  if (event.type === 'offer_closed') {
    notifications.hide(idOf(event));
    return;
  }
  const close = () => notifications.hide(idOf(event));
  const act = (run: () => Promise<unknown>, failed: string) => run().then(close, (error: Error) => notifications.show({ color: 'red', title: failed, message: error.message }));
  notifications.show({
    id: idOf(event), color: 'blue', title: t('live.offerTitle'), autoClose: false, withCloseButton: true,
    message: (
      <>
        <Text size="sm">{t('live.offer')}</Text>
        <Group gap="xs" mt={6}>
          <Button size="xs" onClick={() => act(async () => {
            await api('POST', `/tasks/${event.taskId}/claim`);
            navigate(`/issues/${event.issueId}`);
          }, t('actions.claimFailed'))}>{t('actions.claim')}</Button>
          <Button size="xs" variant="default" onClick={() => act(() => api('POST', `/tasks/${event.taskId}/decline`), t('live.declineFailed'))}>
            {t('live.decline')}
          </Button>
        </Group>
      </>
    ),
  });
}
