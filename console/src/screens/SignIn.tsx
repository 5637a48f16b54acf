import { useState } from 'react';
import { Alert, Anchor, Button, PasswordInput, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useSession } from '../api/session';
import { FormCard } from '../components/FormCard';

export function SignInScreen() {
  const { t } = useTranslation();
  const session = useSession();
  const [mode, setMode] = useState<'password' | 'token'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'password') await session.signIn(email, password);
      else await session.signInWithToken(token.trim());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setError(t('signIn.wrong'));
      else if (err instanceof ApiError && err.status === 429) setError(t('signIn.tooMany'));
      else if (err instanceof ApiError && err.status === 404) setError(t('signIn.noSessions'));
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormCard title={t('signIn.title')} onSubmit={submit}>
            {mode === 'password' ? (
              <>
                <TextInput label={t('signIn.email')} type="email" autoComplete="username" required autoFocus value={email} onChange={(e) => setEmail(e.currentTarget.value)} />
                <PasswordInput label={t('signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
              </>
            ) : (
              <PasswordInput label={t('signIn.token')} description={t('signIn.tokenHint')} required autoFocus value={token} onChange={(e) => setToken(e.currentTarget.value)} />
            )}
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <Button type="submit" loading={busy}>{t('signIn.submit')}</Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setMode(mode === 'password' ? 'token' : 'password')}>
              {mode === 'password' ? t('signIn.useToken') : t('signIn.usePassword')}
            </Anchor>
    </FormCard>
  );
}
