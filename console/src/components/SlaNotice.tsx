import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import type { NavigateFunction } from 'react-router';
import { isSupervisorOrAdmin, type Operator } from '../api/types';
import type { ConsoleEvent } from '../live/console-events';

/** Whose business an SLA warning or breach is: the task's holder, and the supervisors of its team. */
function concerns(event: ConsoleEvent, me: Operator): boolean {
  if (event.operatorId && event.operatorId === me.id) return true;
  if (!isSupervisorOrAdmin(me)) return false;
  return me.role === 'admin' || !event.teamId || (me.teamIds ?? []).includes(event.teamId);
}

/** A breach coming (or come): a notice with a link to the issue, once per task, clock and kind of event. */
export function showSlaNotice(event: ConsoleEvent, me: Operator, t: TFunction, navigate: NavigateFunction): void {
  if (!event.issueId || !concerns(event, me)) return;
  const kind = t(`sla.${event.kind === 'next_response' ? 'nextResponse' : event.kind === 'resolution' ? 'resolution' : 'firstResponse'}`);
  const breach = event.change === 'breach';
  notifications.show({
    id: `sla-${event.taskId ?? event.issueId}-${event.kind}-${event.change}`,
    color: breach ? 'red' : 'orange', autoClose: breach ? false : 15_000, withCloseButton: true,
    title: breach ? t('sla.breach', { kind }) : t('sla.warning', { kind }),
    message: (
      <Anchor size="sm" data-sla-notice={event.change} onClick={() => navigate(`/issues/${event.issueId}`)}>
        {t('sla.openIssue')}
      </Anchor>
    ),
  });
}
