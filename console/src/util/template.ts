/** Fills `{{customer.name}}`-style variables of a canned response; unknown ones stay as written. */
export function fillTemplate(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\{\{\s*([a-zA-Z0-9_.]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
