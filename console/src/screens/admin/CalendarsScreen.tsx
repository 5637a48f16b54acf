import { useState } from 'react';
import { Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { WEEKDAYS, type Calendar, type Weekday } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

/** "09:00-13:00, 14:00-18:00" ⇄ [{from, to}, …]; an empty day is closed. */
export function parseSlots(text: string): { from: string; to: string }[] | undefined {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  const slots = parts.map((p) => /^(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})$/.exec(p));
  if (slots.some((m) => !m)) return undefined;
  return slots.map((m) => ({ from: m![1]!, to: m![2]! }));
}
const formatSlots = (slots?: { from: string; to: string }[]) => (slots ?? []).map((s) => `${s.from}–${s.to}`).join(', ');

export function CalendarsScreen() {
  const { t } = useTranslation();
  return (
    <ResourceList<Calendar>
      title={t('admin.calendarsTitle')} path="/calendars" listKey="calendars" queryKey="calendars" deletable
      columns={[
        { label: t('admin.name'), render: (c) => c.name },
        { label: t('admin.timeZone'), render: (c) => c.timeZone },
        { label: t('admin.hours'), render: (c) => WEEKDAYS.map((d) => `${t(`weekday.${d}`)} ${formatSlots(c.slots[d]) || '—'}`).join('; ') },
        { label: t('admin.holidays'), render: (c) => c.holidays.join(', ') || '—' },
      ]}
      form={<NewCalendar />}
    />
  );
}

function NewCalendar() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = useState<Record<Weekday, string>>({ mon: '09:00-18:00', tue: '09:00-18:00', wed: '09:00-18:00', thu: '09:00-18:00', fri: '09:00-18:00', sat: '', sun: '' });
  const [holidays, setHolidays] = useState('');
  const parsed = Object.fromEntries(WEEKDAYS.map((d) => [d, parseSlots(days[d])])) as Record<Weekday, ReturnType<typeof parseSlots>>;
  const valid = name.trim() && timeZone.trim() && WEEKDAYS.every((d) => parsed[d]);
  const create = useAction(() => api('POST', '/calendars', {
    name, timeZone, slots: parsed, holidays: holidays.split(/[\s,]+/).filter(Boolean),
  }), { done: t('admin.created'), failed: t('admin.createFailed') });
  return (
    <Stack gap="xs">
      <Title order={4}>{t('admin.newCalendar')}</Title>
      <Group grow>
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label={t('admin.timeZone')} value={timeZone} onChange={(e) => setTimeZone(e.currentTarget.value)} />
      </Group>
      <Text size="xs" c="dimmed">{t('admin.slotsHint')}</Text>
      <SimpleGrid cols={7} spacing="xs">
        {WEEKDAYS.map((d) => (
          <TextInput key={d} size="xs" label={t(`weekday.${d}`)} value={days[d]} error={parsed[d] ? undefined : t('admin.badSlots')}
            onChange={(e) => { const value = e.currentTarget.value; setDays((all) => ({ ...all, [d]: value })); }} />
        ))}
      </SimpleGrid>
      <TextInput label={t('admin.holidays')} placeholder="2026-12-31, 2027-01-01" value={holidays} onChange={(e) => setHolidays(e.currentTarget.value)} />
      <Group><Button disabled={!valid} loading={create.isPending} onClick={() => create.mutate()}>{t('admin.create')}</Button></Group>
    </Stack>
  );
}
