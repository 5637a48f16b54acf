import { useState } from 'react';
import { Alert, Button, Code, CopyButton, Group, Select, TextInput, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { useAction } from '../../api/use-action';
import { ResourceList } from './ResourceList';

/** Named API tokens for integrations: each with a role, shown once, revocable. */
export function TokensScreen() {
  const { t, i18n } = useTranslation();
  return (
    <ResourceList<ApiToken>
      title={t('admin.tokensTitle')} path="/tokens" listKey="tokens" queryKey="tokens" deletable
      columns={[
        { label: t('admin.name'), render: (tk) => tk.name },
        { label: t('admin.role'), render: (tk) => t(`role.${tk.role}`, { defaultValue: tk.role }) },
        { label: t('admin.createdAt'), render: (tk) => (tk.createdAt ? new Date(tk.createdAt).toLocaleString(i18n.language) : '—') },
      ]}
      form={<NewToken />}
    />
  );
}

function NewToken() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [role, setRole] = useState('integration');
  const [token, setToken] = useState<string>();
  const create = useAction(() => api<{ token: string }>('POST', '/tokens', { name, role }).then((r) => setToken(r.token)),
    { failed: t('admin.createFailed') });
  return (
    <Stack gap="xs">
      <Group align="end">
        <TextInput label={t('admin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label={t('admin.role')} value={role} onChange={(v) => setRole(v ?? 'integration')} allowDeselect={false}
          data={['integration', 'agent', 'supervisor', 'admin'].map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <Button disabled={!name.trim()} loading={create.isPending} onClick={() => create.mutate()}>{t('admin.create')}</Button>
      </Group>
      {token && (
        <Alert color="yellow" title={t('admin.tokenOnce')}>
          <Group gap="xs"><Code>{token}</Code><CopyButton value={token}>{({ copied, copy }) => <Button size="xs" onClick={copy}>{copied ? t('common.copied') : t('common.copy')}</Button>}</CopyButton></Group>
        </Alert>
      )}
    </Stack>
  );
}
