import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** Loading, error or "not available on this server" (an endpoint that answers 404) for one query. */
export function ApiState({ loading, error }: { loading?: boolean; error?: unknown }) {
  const { t } = useTranslation();
  if (loading) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (!error) return null;
  if (error instanceof ApiError && error.status === 404) {
    return <Alert color="gray" title={t('common.unavailableTitle')}>{t('common.unavailable')}</Alert>;
  }
  if (error instanceof ApiError && error.status === 403) {
    return <Alert color="red" title={t('common.forbiddenTitle')}>{t('common.forbidden')}</Alert>;
  }
  return <Alert color="red" title={t('common.errorTitle')}>{error instanceof Error ? error.message : String(error)}</Alert>;
}

/** A readable message for a failed action. */
export function errorText(error: unknown, t: (key: string) => string): string {
  if (error instanceof ApiError && error.status === 404 && error.code === 'not_found') return t('common.unavailable');
  return error instanceof Error ? error.message : String(error);
}
