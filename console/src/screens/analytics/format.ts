/** Percentages, durations and dates in the console's language (Intl does the grammar of each). */
export function formatPercent(value: number | null | undefined, lang: string): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value: number | null | undefined, lang: string, digits = 0): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(value);
}

/** Seconds as the largest unit that reads well: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDuration(seconds: number | null | undefined, lang: string): string {
  if (seconds === null || seconds === undefined) return '—';
  const [unit, size] = seconds < 60 ? ['second', 1] : seconds < 3600 ? ['minute', 60] : seconds < 172_800 ? ['hour', 3600] : ['day', 86_400];
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: size === 1 ? 0 : 1 }).format(seconds / size);
}

/** A bucket's wall-clock label ("2026-11-03T00:00:00") as a short local date (or date and hour). */
export function formatBucket(local: string, bucket: 'hour' | 'day', lang: string): string {
  const [date, time = '00:00'] = local.split('T');
  const [y, m, d] = date!.split('-').map(Number);
  const [h] = time.split(':').map(Number);
  const wall = new Date(Date.UTC(y!, m! - 1, d!, h ?? 0));
  const opts: Intl.DateTimeFormatOptions = bucket === 'hour'
    ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }
    : { day: 'numeric', month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(lang, opts).format(wall);
}

/** The viewer's IANA time zone (the browser's), for buckets of their calendar. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** yyyy-mm-dd of a local date, for <input type="date">. */
export function dateInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a yyyy-mm-dd (plus `days`), or undefined for a half-typed value. */
export function localMidnight(value: string, days = 0): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days);
}
