import { Parser } from 'htmlparser2';
import type { KbSection } from './chunk';
import { HeadingStack } from './heading-stack';

/** Not reader-facing text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'iframe', 'object']);
/** Elements that end a paragraph. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'footer', 'blockquote', 'pre', 'ul', 'ol', 'li',
  'dl', 'dt', 'dd', 'table', 'thead', 'tbody', 'tr', 'br', 'hr', 'figure', 'figcaption', 'details', 'summary',
  'form', 'fieldset', 'address',
]);
const HEADING = /^h([1-6])$/;

export interface HtmlDocument {
  title?: string;
  sections: KbSection[];
}

/** Sections of an HTML page by its h1–h6 headings; bodies are the visible text, one paragraph per block. */
export function htmlSections(content: string): HtmlDocument {
  const headings = new HeadingStack();
  const sections: KbSection[] = [];
  let paragraphs: string[] = [];
  let line = '';
  let skipDepth = 0;
  let preDepth = 0;
  let heading: { level: number; text: string } | undefined;
  let title: string | undefined;
  let inTitle = false;

  const endParagraph = () => {
    const text = preDepth > 0 ? line.replace(/^\n+|\s+$/g, '') : line.replace(/\s+/g, ' ').trim();
    if (text) paragraphs.push(text);
    line = '';
  };
  const flushSection = () => {
    endParagraph();
    const body = paragraphs.join('\n\n').trim();
    if (body) sections.push({ headingPath: headings.path(), body });
    paragraphs = [];
  };

  const parser = new Parser({
    onopentag(name) {
      if (name === 'title') inTitle = true;
      if (SKIPPED.has(name)) skipDepth++;
      if (skipDepth > 0) return;
      const level = HEADING.exec(name);
      if (level) {
        flushSection();
        heading = { level: Number(level[1]), text: '' };
      } else if (BLOCKS.has(name)) {
        endParagraph();
        if (name === 'pre') preDepth++;
        if (name === 'li') line = '- ';
      } else if (name === 'td' || name === 'th') {
        if (line.trim()) line += ' | ';
      }
    },
    ontext(text) {
      if (inTitle) title = (title ?? '') + text;
      if (skipDepth > 0) return;
      if (heading) heading.text += text;
      else line += text;
    },
    onclosetag(name) {
      if (name === 'title') inTitle = false;
      if (SKIPPED.has(name)) {
        skipDepth = Math.max(0, skipDepth - 1);
        return;
      }
      if (skipDepth > 0) return;
      if (heading && HEADING.test(name)) {
        headings.enter(heading.level, heading.text);
        heading = undefined;
      } else if (BLOCKS.has(name)) {
        endParagraph();
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true });
  parser.write(content);
  parser.end();
  flushSection();
  return { title: title?.replace(/\s+/g, ' ').trim() || undefined, sections };
}
