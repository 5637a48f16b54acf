/**
 * CSV export (RFC 4180) of the analytics views. node_modules has csv-parse (reading) but no writer, so this is
 * the small writer, with its test (test/unit/analytics-csv.test.ts) reading the output back with csv-parse.
 * A cell starting with = + - @ (or a tab / carriage return) would run as a formula in a spreadsheet (OWASP
 * "CSV injection"): it gets a leading apostrophe. Numbers are written as numbers, so a negative figure stays one.
 */
export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and one line per row, CRLF line ends as RFC 4180 says. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Flattens nested figures into dotted column names: {csat: {average: 4}} → {"csat.average": 4}. */
export function flatten(value: Record<string, unknown>, prefix = ''): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [key, v] of Object.entries(value)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) Object.assign(out, flatten(v as Record<string, unknown>, name));
    else out[name] = v instanceof Date ? v.toISOString() : (v as Cell);
  }
  return out;
}

/** Objects as CSV, the columns of the first (all rows of one view share them). */
export function objectsToCsv(rows: readonly object[], header?: readonly string[]): string {
  const flat = rows.map((r) => flatten(r as Record<string, unknown>));
  const columns = header ?? Object.keys(flat[0] ?? {});
  return toCsv(columns, flat.map((r) => columns.map((c) => r[c])));
}
