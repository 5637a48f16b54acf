import { Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { csvHref, downloadWithToken, usesToken } from '../../api/analytics';

/** "CSV" next to a view: the same query with format=csv, written by the server. */
export function CsvLink({ view, query, name }: { view: string; query: URLSearchParams; name: string }) {
  const { t } = useTranslation();
  const href = csvHref(view, query);
  const filename = `${name}.csv`;
  const onClick = (event: React.MouseEvent) => {
    if (!usesToken()) return; // the cookie rides with a plain link
    event.preventDefault();
    downloadWithToken(href, filename).catch((error: unknown) => notifications.show({
      color: 'red', title: t('analytics.csvFailed'), message: error instanceof Error ? error.message : String(error),
    }));
  };
  return <Anchor size="xs" href={href} download={filename} onClick={onClick} data-csv={view}>{t('analytics.csv')}</Anchor>;
}
