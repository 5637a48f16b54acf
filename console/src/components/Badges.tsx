import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Priority } from '../api/types';

const PRIORITY_COLOR: Record<Priority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return <Badge color={PRIORITY_COLOR[priority] ?? 'gray'} variant="light">{t(`priority.${priority}`)}</Badge>;
}

export function ChannelBadge({ channel }: { channel?: string }) {
  const { t } = useTranslation();
  if (!channel) return null;
  return <Badge color="grape" variant="outline" data-channel={channel}>{t(`channel.${channel}`, { defaultValue: channel })}</Badge>;
}
