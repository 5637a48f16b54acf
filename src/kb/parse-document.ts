import path from 'node:path';
import { chunksFromSections, type KbChunk } from './chunk';
import { csvFaqChunks } from './parse-csv-faq';
import { htmlSections } from './parse-html';
import { markdownSections } from './parse-markdown';

export const KB_FORMATS = ['markdown', 'html', 'text', 'csv'] as const;
export type KbFormat = (typeof KB_FORMATS)[number];

/** "docs/billing-faq.md" or "https://example.com/help/refund_policy.html" -> "Billing faq" / "Refund policy". */
export function documentTitleOf(source: string): string {
  let name = source;
  try {
    name = decodeURIComponent(new URL(source).pathname);
  } catch {
    // not a URL: a file name
  }
  const base = path.posix.basename(name.replace(/\\/g, '/').replace(/\/+$/, ''));
  const stem = base.replace(/\.[a-z0-9]{1,9}$/i, '').replace(/[-_]+/g, ' ').trim();
  return stem ? stem[0].toUpperCase() + stem.slice(1) : source;
}

/** The chunks of one document, in document order. */
export function parseDocument(format: KbFormat, source: string, content: string): KbChunk[] {
  const title = documentTitleOf(source);
  switch (format) {
    case 'markdown':
      return chunksFromSections(markdownSections(content), title);
    case 'html': {
      const page = htmlSections(content);
      return chunksFromSections(page.sections, page.title ?? title);
    }
    case 'text':
      // Plain text has no headings: the document title heads every part.
      return chunksFromSections([{ headingPath: [title], body: content.replace(/\r\n/g, '\n') }], title);
    case 'csv':
      return csvFaqChunks(content);
  }
}

/** The format a file name implies, if any. */
export function formatOfFile(file: string): KbFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.md' || ext === '.markdown' || ext === '.mdx') return 'markdown';
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.txt' || ext === '.text') return 'text';
  if (ext === '.csv') return 'csv';
  return undefined;
}
