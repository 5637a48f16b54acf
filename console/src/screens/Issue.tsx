import { useState } from 'react';
import { Alert, Badge, Button, Card, Grid, Group, Menu, Stack, Tabs, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, newRequestId } from '../api/client';
import { useIssue, useOperators, useTasks } from '../api/queries';
import { useOperator } from '../api/session';
import { PRIORITIES, type Priority } from '../api/types';
import { useAction } from '../api/use-action';
import { ApiState } from '../components/ApiState';
import { AuditPanel } from '../components/AuditPanel';
import { ChannelBadge, PriorityBadge } from '../components/Badges';
import { Conversation } from '../components/Conversation';
import { CommentModeration, useIssueComments } from '../components/CommentModeration';
import { CustomerCardPanel } from '../components/CustomerCardPanel';
import { CsatPanel } from '../components/CsatPanel';
import { NotesPanel } from '../components/NotesPanel';
import { ReplyBox } from '../components/ReplyBox';
import { SlaClocks } from '../components/SlaClocks';
import { TagsEditor } from '../components/TagsEditor';
import { TransferDialog } from '../components/TransferDialog';
import { queueOrder } from './Queue';

export function IssueScreen() {
  const { issueId = '' } = useParams();
  const { t } = useTranslation();
  const me = useOperator();
  const navigate = useNavigate();
  const query = useIssue(issueId);
  const operators = useOperators();
  const queue = useTasks({ scope: 'all' }, me);
  const [transferOpen, setTransferOpen] = useState(false);
  const issue = query.data?.issue;
  const comments = useIssueComments(issueId, issue?.messages ?? []);
  const task = issue?.task && issue.task.status !== 'done' ? issue.task : undefined;
  const mine = Boolean(task && task.status === 'claimed' && (task.operatorId === me.id || !me.id));

  const claim = useAction(() => api('POST', `/tasks/${task!.taskId}/claim`), { done: t('actions.claimed'), failed: t('actions.claimFailed') });
  const release = useAction(() => api('POST', `/tasks/${task!.taskId}/release`), { done: t('actions.released'), failed: t('actions.releaseFailed') });
  const resolve = useAction(() => api('POST', `/issues/${issueId}/resolve`, undefined, { 'idempotency-key': newRequestId() }), { done: t('actions.resolvedDone'), failed: t('actions.resolveFailed') });
  const reopen = useAction(() => api('POST', `/issues/${issueId}/reopen`), { done: t('actions.reopened'), failed: t('actions.reopenFailed') });
  const setPriority = useAction((priority: Priority) => api('PUT', `/issues/${issueId}/priority`, { priority }), { done: t('actions.priorityChanged'), failed: t('actions.priorityFailed') });

  const nextTask = () => {
    const rest = [...(queue.data ?? [])].sort(queueOrder).filter((tk) => tk.issueId !== issueId);
    const next = rest.find((tk) => tk.status === 'queued') ?? rest.find((tk) => tk.operatorId === me.id);
    navigate(next ? `/issues/${next.issueId}` : '/');
  };
  useHotkeys([
    ['n', nextTask],
    ['c', () => task?.status === 'queued' && claim.mutate()],
  ]);

  if (!issue) return <ApiState loading={query.isLoading} error={query.error} />;
  const operatorName = (id?: string) => (id === me.id ? me.name : operators.data?.items.find((o) => o.id === id)?.name);
  const holder = task?.operatorId ? operatorName(task.operatorId) ?? t('issue.anotherOperator') : undefined;

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs">
          <Button variant="subtle" size="xs" onClick={() => navigate('/')}>← {t('nav.queue')}</Button>
          <Title order={3}>{issue.customerName ?? t('issue.title')}</Title>
          <Badge data-status={issue.status}>{t(`status.${issue.status}`)}</Badge>
          <PriorityBadge priority={issue.priority} />
          <ChannelBadge channel={issue.channel} />
          {query.data?.stale && <Badge color="gray" variant="outline">{t('issue.stale')}</Badge>}
        </Group>
        <Group gap="xs">
          {task?.status === 'queued' && <Button onClick={() => claim.mutate()} loading={claim.isPending}>{t('actions.claim')}</Button>}
          {mine && <Button variant="default" onClick={() => release.mutate()} loading={release.isPending}>{t('actions.release')}</Button>}
          {task && <Button variant="default" onClick={() => setTransferOpen(true)}>{t('actions.transfer')}</Button>}
          <Menu>
            <Menu.Target><Button variant="default">{t('actions.priority')}</Button></Menu.Target>
            <Menu.Dropdown>
              {PRIORITIES.map((p) => (
                <Menu.Item key={p} disabled={p === issue.priority} onClick={() => setPriority.mutate(p)}>{t(`priority.${p}`)}</Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {(issue.status === 'resolved' || issue.status === 'closed')
            ? <Button variant="light" onClick={() => reopen.mutate()} loading={reopen.isPending}>{t('actions.reopen')}</Button>
            : <Button color="teal" onClick={() => resolve.mutate()} loading={resolve.isPending}>{t('actions.resolve')}</Button>}
        </Group>
      </Group>
      {task && task.status === 'claimed' && !mine && <Alert color="yellow" py={6}>{t('issue.heldBy', { name: holder })}</Alert>}
      <Grid gap="sm">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder padding="sm">
            <Stack gap="sm">
              <Conversation messages={issue.messages ?? []} olderCount={issue.olderMessageCount} operatorName={operatorName}
                below={(m) => {
                  const comment = comments.data?.comments.find((c) => c.messageId === m.id);
                  return comment ? <CommentModeration issueId={issueId} comment={comment} operatorName={operatorName} /> : null;
                }} />
              <ReplyBox issue={issue} me={me} customerName={issue.customerName} canReply={mine} />
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder padding="sm">
            <CsatPanel csat={issue.csat} askedAt={issue.csatAskedAt} operatorName={operatorName} />
            {task && (
              <Stack gap={4} mb="sm">
                <Text fw={600} size="sm">{t('sla.clocks')}</Text>
                <SlaClocks task={task} />
              </Stack>
            )}
            <Tabs defaultValue="audit" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="audit">{t('issue.tabAudit')}</Tabs.Tab>
                <Tabs.Tab value="customer">{t('issue.tabCustomer')}</Tabs.Tab>
                <Tabs.Tab value="notes">{t('issue.tabNotes')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="audit" pt="xs"><AuditPanel issue={issue} /></Tabs.Panel>
              <Tabs.Panel value="customer" pt="xs"><CustomerCardPanel customerId={issue.customerId} /></Tabs.Panel>
              <Tabs.Panel value="notes" pt="xs">
                <Stack gap="sm">
                  <TagsEditor issueId={issueId} tags={query.data?.tags ?? issue.tags ?? []} />
                  <NotesPanel issueId={issueId} />
                </Stack>
              </Tabs.Panel>
            </Tabs>
          </Card>
        </Grid.Col>
      </Grid>
      {task && <TransferDialog taskId={task.taskId} opened={transferOpen} onClose={() => setTransferOpen(false)} />}
      <Text size="xs" c="dimmed">{t('issue.keys')}</Text>
    </Stack>
  );
}
