import { useCallback } from 'react';
import { AppShell, Badge, Button, Group, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NavLink as RouterLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useOperator, useSession } from '../api/session';
import { isAdmin, isSupervisorOrAdmin } from '../api/types';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { StatusMenu } from '../components/StatusMenu';
import { useConsoleEvents, type ConsoleEvent } from '../live/console-events';
import { showOffer } from '../components/OfferNotice';
import { showSlaNotice } from '../components/SlaNotice';
import { LiveContext } from '../live/live-context';

const LIVE_COLOR = { connecting: 'gray', live: 'teal', polling: 'yellow', offline: 'red' } as const;

export function Layout() {
  const { t } = useTranslation();
  const me = useOperator();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const onNotice = useCallback((event: ConsoleEvent) => {
    if (event.type === 'sla') showSlaNotice(event, me, t, navigate);
    else showOffer(event, t, navigate);
  }, [t, navigate, me]);
  const live = useConsoleEvents(true, onNotice);
  const admin = isAdmin(me);
  const link = (to: string, label: string) => (
    <NavLink component={RouterLink} to={to} label={label} active={to === '/' ? location.pathname === '/' || location.pathname.startsWith('/issues') : location.pathname.startsWith(to)} />
  );

  return (
    <LiveContext.Provider value={live}>
      <AppShell header={{ height: 48 }} navbar={{ width: 190, breakpoint: 0 }} padding="sm">
        <AppShell.Header>
          <Group h="100%" px="sm" justify="space-between">
            <Group gap="xs">
              <Title order={4}>Switchboard</Title>
              <Tooltip label={t(`live.${live}Hint`)}><Badge color={LIVE_COLOR[live]} variant="dot" data-live={live}>{t(`live.${live}`)}</Badge></Tooltip>
            </Group>
            <Group gap="xs">
              <StatusMenu />
              <LanguageSwitch />
              <Text size="sm" data-operator-name>{me.name}</Text>
              <Badge variant="light">{t(`role.${me.role}`, { defaultValue: me.role })}</Badge>
              <Button size="xs" variant="subtle" onClick={() => void session.signOut()}>{t('nav.signOut')}</Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          <Stack gap={2}>
            {link('/', t('nav.queue'))}
            {link('/ratings', t('nav.myRatings'))}
            {isSupervisorOrAdmin(me) && link('/analytics', t('nav.analytics'))}
            {isSupervisorOrAdmin(me) && link('/review', t('nav.review'))}
            {isSupervisorOrAdmin(me) && link('/admin/canned-responses', t('nav.canned'))}
            {/* supervisors read experiments and results; starting, stopping and rolling out stay an admin's */}
            {isSupervisorOrAdmin(me) && !admin && link('/admin/experiments', t('nav.experiments'))}
            {admin && (
              <>
                <Text size="xs" c="dimmed" mt="sm" px="xs">{t('nav.admin')}</Text>
                {link('/admin/operators', t('nav.operators'))}
                {link('/admin/teams', t('nav.teams'))}
                {link('/admin/sla-policies', t('nav.sla'))}
                {link('/admin/calendars', t('nav.calendars'))}
                {link('/admin/tokens', t('nav.tokens'))}
                {link('/admin/experiments', t('nav.experiments'))}
              </>
            )}
          </Stack>
        </AppShell.Navbar>
        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </LiveContext.Provider>
  );
}
