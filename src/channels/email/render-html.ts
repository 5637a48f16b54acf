/** The HTML part of a reply, built from its text: everything escaped, so no text is ever markup. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Blank lines separate paragraphs; single line breaks stay line breaks. */
export function textToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').trim().split(/\n{2,}/)
    .map((p) => `<p style="margin:0 0 1em 0">${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`);
  return '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
    + `<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5">\n${paragraphs.join('\n')}\n</body></html>\n`;
}
