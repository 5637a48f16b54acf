import type { ReactNode } from 'react';
import { Alert, Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Route, Routes } from 'react-router';
import { useSession } from './api/session';
import { isAdmin, isSupervisorOrAdmin } from './api/types';
import { CalendarsScreen } from './screens/admin/CalendarsScreen';
import { CannedResponsesScreen } from './screens/admin/CannedResponsesScreen';
import { OperatorsScreen } from './screens/admin/OperatorsScreen';
import { SlaPoliciesScreen } from './screens/admin/SlaPoliciesScreen';
import { TeamsScreen } from './screens/admin/TeamsScreen';
import { TokensScreen } from './screens/admin/TokensScreen';
import { AnalyticsScreen } from './screens/analytics/AnalyticsScreen';
import { ExperimentsScreen } from './screens/experiments/ExperimentsScreen';
import { InvitationScreen, invitationToken } from './screens/Invitation';
import { IssueScreen } from './screens/Issue';
import { Layout } from './screens/Layout';
import { MyRatingsScreen } from './screens/MyRatings';
import { QueueScreen } from './screens/Queue';
import { ReviewScreen } from './screens/review/ReviewScreen';
import { SignInScreen } from './screens/SignIn';

/** Admin screens are not shown to agents (and the server refuses their requests anyway). */
function Only({ allowed, children }: { allowed: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  if (!allowed) return <Alert color="red" title={t('common.forbiddenTitle')} data-forbidden>{t('common.adminOnly')}</Alert>;
  return <>{children}</>;
}

export function App() {
  const { operator } = useSession();
  const { t } = useTranslation();
  // an invitation link (/console/invitation#token=…) opens the invitation, whoever is signed in in this browser
  const invitation = window.location.pathname.replace(/\/$/, '') === '/console/invitation' ? invitationToken() : undefined;
  if (invitation) return <InvitationScreen token={invitation} />;
  if (operator === undefined) return <Center h="100vh"><Loader aria-label={t('common.loading')} /></Center>;
  if (operator === null) return <SignInScreen />;
  const admin = isAdmin(operator);
  return (
    <BrowserRouter basename="/console">
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<QueueScreen />} />
          <Route path="issues/:issueId" element={<IssueScreen />} />
          <Route path="ratings" element={<MyRatingsScreen />} />
          <Route path="admin/operators" element={<Only allowed={admin}><OperatorsScreen /></Only>} />
          <Route path="admin/teams" element={<Only allowed={admin}><TeamsScreen /></Only>} />
          <Route path="admin/sla-policies" element={<Only allowed={admin}><SlaPoliciesScreen /></Only>} />
          <Route path="admin/calendars" element={<Only allowed={admin}><CalendarsScreen /></Only>} />
          <Route path="admin/tokens" element={<Only allowed={admin}><TokensScreen /></Only>} />
          <Route path="admin/experiments" element={<Only allowed={isSupervisorOrAdmin(operator)}><ExperimentsScreen /></Only>} />
          <Route path="admin/canned-responses" element={<Only allowed={isSupervisorOrAdmin(operator)}><CannedResponsesScreen /></Only>} />
          <Route path="analytics" element={<Only allowed={isSupervisorOrAdmin(operator)}><AnalyticsScreen /></Only>} />
          <Route path="review" element={<Only allowed={isSupervisorOrAdmin(operator)}><ReviewScreen /></Only>} />
          <Route path="*" element={<QueueScreen />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
