import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { errorText } from '../components/ApiState';

/**
 * One operator action: runs it, says so (or why not) in a notification, and refetches what is on screen
 * (live events would too; this makes the acting console see its own change at once).
 */
export function useAction<V = void>(run: (variables: V) => Promise<unknown>, messages: { done?: string; failed: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => {
      if (messages.done) notifications.show({ color: 'teal', message: messages.done });
      // every query on screen is refetched: an action may change the queue, the issue, a list, a name shown elsewhere
      void queryClient.invalidateQueries();
    },
    onError: (error) => notifications.show({ color: 'red', title: messages.failed, message: errorText(error, t) }),
  });
}
