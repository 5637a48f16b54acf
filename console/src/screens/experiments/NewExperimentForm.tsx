import { useState } from 'react';
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Switch, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { SCENARIO_SETTINGS, type Experiment, type ScenarioSetting } from '../../api/experiments';
import { useAction } from '../../api/use-action';

const CHANNELS = ['api', 'widget', 'telegram', 'whatsapp', 'email'];

interface Row { name: string; share: number; value: unknown }

/** The value a new variant starts with for each setting. */
function initialValue(setting: ScenarioSetting, index: number): unknown {
  if (setting === 'confidence_threshold') return index === 0 ? 0.6 : 0.5;
  if (setting === 'assistant_enabled') return index === 0;
  if (setting === 'answer_template') return '{answer}';
  return '';
}

const startRows = (setting: ScenarioSetting): Row[] =>
  [{ name: 'control', share: 0.5, value: initialValue(setting, 0) }, { name: 'variant', share: 0.5, value: initialValue(setting, 1) }];

function ValueInput({ setting, value, onChange, label }: { setting: ScenarioSetting; value: unknown; onChange(v: unknown): void; label: string }) {
  if (setting === 'assistant_enabled') {
    return <Switch label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} mt="lg" />;
  }
  if (setting === 'confidence_threshold') {
    return <NumberInput label={label} value={value as number} min={0} max={1} step={0.05} decimalScale={2} onChange={(v) => onChange(Number(v))} />;
  }
  return <Textarea label={label} value={value as string} autosize minRows={1} maxRows={6} w={360} onChange={(e) => onChange(e.currentTarget.value)} />;
}

/** Starting an experiment: one setting, its variants with traffic shares (summing to 100 %), an optional channel. */
export function NewExperimentForm({ onCreated }: { onCreated(id: string): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [setting, setSetting] = useState<ScenarioSetting>('greeting');
  const [channel, setChannel] = useState<string | null>(null);
  const [rows, setRows] = useState<Row[]>(startRows('greeting'));
  const total = rows.reduce((sum, r) => sum + r.share, 0);
  const update = (i: number, change: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const create = useAction(
    () => api<{ experiment: Experiment }>('POST', '/experiments', { name, setting, channel, variants: rows })
      .then((r) => onCreated(r.experiment.id)),
    { done: t('experiments.created'), failed: t('admin.createFailed') });
  return (
    <Stack gap="xs" data-new-experiment>
      <Title order={4}>{t('experiments.new')}</Title>
      <Group align="end">
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label={t('experiments.setting')} value={setting} allowDeselect={false}
          data={SCENARIO_SETTINGS.map((s) => ({ value: s, label: t(`experiments.settings.${s}`) }))}
          onChange={(v) => { const s = (v ?? 'greeting') as ScenarioSetting; setSetting(s); setRows(startRows(s)); }} />
        <Select label={t('experiments.channel')} value={channel} clearable placeholder={t('experiments.allChannels')}
          data={CHANNELS} onChange={setChannel} />
      </Group>
      <Text size="xs" c="dimmed">{t(`experiments.hints.${setting}`)}</Text>
      {rows.map((row, i) => (
        <Group key={i} align="end" data-variant-row={i}>
          <TextInput label={t('experiments.variant')} value={row.name} w={140} onChange={(e) => update(i, { name: e.currentTarget.value })} />
          <NumberInput label={t('experiments.share')} value={Math.round(row.share * 100)} min={1} max={100} suffix=" %" w={100}
            onChange={(v) => update(i, { share: Number(v) / 100 })} />
          <ValueInput setting={setting} value={row.value} label={t(`experiments.settings.${setting}`)} onChange={(value) => update(i, { value })} />
          {rows.length > 2 && (
            <ActionIcon variant="subtle" color="red" aria-label={t('admin.delete')} onClick={() => setRows(rows.filter((_, j) => j !== i))}>×</ActionIcon>
          )}
        </Group>
      ))}
      <Group>
        <Button variant="subtle" size="xs" disabled={rows.length >= 10}
          onClick={() => setRows([...rows, { name: `variant${rows.length}`, share: 0, value: initialValue(setting, rows.length) }])}>
          {t('experiments.addVariant')}
        </Button>
        {Math.abs(total - 1) > 1e-6 && <Text size="sm" c="red" data-share-warning>{t('experiments.sharesSum', { total: Math.round(total * 100) })}</Text>}
      </Group>
      <Group>
        <Button disabled={!name.trim() || Math.abs(total - 1) > 1e-6} loading={create.isPending} onClick={() => create.mutate()}>
          {t('experiments.start')}
        </Button>
      </Group>
    </Stack>
  );
}
