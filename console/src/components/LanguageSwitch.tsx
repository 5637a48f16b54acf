import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../i18n';

/** English / Русский; the choice is remembered in this browser (i18next's language detector caches it). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = LANGUAGES.find((l) => i18n.resolvedLanguage === l.code)?.code ?? 'en';
  return (
    <SegmentedControl
      size="xs" aria-label={t('common.language')} value={current}
      onChange={(code) => void i18n.changeLanguage(code)}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
    />
  );
}
