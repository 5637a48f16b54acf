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
  const [editing, setEditing] = useState<Calendar>();
  return (
    <ResourceList<Calendar>
      title={t('admin.calendarsTitle')} path="/calendars" listKey="calendars" queryKey="calendars" deletable
      columns={[
        { label: t('admin.name'), render: (c) => c.name },
        { label: t('admin.timeZone'), render: (c) => c.timeZone },
        { label: t('admin.hours'), render: (c) => WEEKDAYS.map((d) => `${t(`weekday.${d}`)} ${formatSlots(c.slots[d]) || '—'}`).join('; ') },
        { label: t('admin.holidays'), render: (c) => c.holidays.join(', ') || '—' },
      ]}
      onEdit={setEditing}
      form={<CalendarForm key={editing?.id ?? 'new'} calendar={editing} done={() => setEditing(undefined)} />}
    />
  );
}

const CLOSED_WEEKEND: Record<Weekday, string> = { mon: '09:00-18:00', tue: '09:00-18:00', wed: '09:00-18:00', thu: '09:00-18:00', fri: '09:00-18:00', sat: '', sun: '' };

/** A new calendar, or the one being edited (PUT replaces it; running SLA clocks keep the one they started with). */
function CalendarForm({ calendar, done }: { calendar?: Calendar; done(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timeZone, setTimeZone] = useState(() => calendar?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [days, setDays] = useState<Record<Weekday, string>>(() => (calendar
    ? Object.fromEntries(WEEKDAYS.map((d) => [d, (calendar.slots[d] ?? []).map((s) => `${s.from}-${s.to}`).join(', ')])) as Record<Weekday, string>
    : CLOSED_WEEKEND));
  const [holidays, setHolidays] = useState(calendar?.holidays.join(', ') ?? '');
  const parsed = Object.fromEntries(WEEKDAYS.map((d) => [d, parseSlots(days[d])])) as Record<Weekday, ReturnType<typeof parseSlots>>;
  const valid = name.trim() && timeZone.trim() && WEEKDAYS.every((d) => parsed[d]);
  const save = useAction(() => api(calendar ? 'PUT' : 'POST', calendar ? `/calendars/${calendar.id}` : '/calendars', {
    name, timeZone, slots: parsed, holidays: holidays.split(/[\s,]+/).filter(Boolean),
  }), { done: calendar ? t('admin.saved') : t('admin.created'), failed: t('admin.createFailed') });
  return (
    <Stack gap="xs">
      <Title order={4}>{calendar ? t('admin.editing', { name: calendar.name }) : t('admin.newCalendar')}</Title>
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
      <Group>
        <Button disabled={!valid} loading={save.isPending} onClick={() => save.mutate(undefined, { onSuccess: done })}>{calendar ? t('common.save') : t('admin.create')}</Button>
        {calendar && <Button variant="default" onClick={done}>{t('common.cancel')}</Button>}
      </Group>
    </Stack>
  );
}
