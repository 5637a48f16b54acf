import { useState } from 'react';
import { Alert, Button, PasswordInput, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useSession } from '../api/session';
import { FormCard } from '../components/FormCard';

/** The token rides in the link's fragment (#token=…), which browsers never send to a server. */
export const invitationToken = (): string | undefined => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? undefined;

/** An invited person chooses a password (and may correct their name), then is signed in. */
export function InvitationScreen({ token }: { token: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const invitation = useQuery({
    queryKey: ['invitation', token], retry: false,
    queryFn: () => api<{ invitation: { email: string; name?: string; expiresAt: string } }>('GET', `/invitations/${encodeURIComponent(token)}`),
  });
  const [name, setName] = useState<string>();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const tooShort = password.length > 0 && password.length < 10;
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.acceptInvitation(token, password, name ?? invitation.data?.invitation.name);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? t('invitation.invalid') : err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormCard title={t('invitation.title')} width={400} onSubmit={submit}>
            {invitation.isError && <Alert color="red">{t('invitation.invalid')}</Alert>}
            {invitation.data && (
              <>
                <Text size="sm">{t('invitation.for', { email: invitation.data.invitation.email })}</Text>
                <TextInput label={t('admin.name')} value={name ?? invitation.data.invitation.name ?? ''} onChange={(e) => setName(e.currentTarget.value)} />
                <PasswordInput label={t('invitation.password')} description={t('invitation.passwordHint')} autoComplete="new-password" required
                  value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={tooShort ? t('invitation.passwordHint') : undefined} />
                <PasswordInput label={t('invitation.repeat')} autoComplete="new-password" required
                  value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? t('invitation.mismatch') : undefined} />
                {error && <Alert color="red" role="alert">{error}</Alert>}
                <Button type="submit" loading={busy} disabled={password.length < 10 || password !== repeat}>{t('invitation.submit')}</Button>
              </>
            )}
    </FormCard>
  );
}
