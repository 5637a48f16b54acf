import MarkdownIt from 'markdown-it';
import type { KbSection } from './chunk';
import { HeadingStack } from './heading-stack';

const markdown = new MarkdownIt({ html: true });

/**
 * Sections of a Markdown document by its headings (ATX and setext). Bodies keep their Markdown source, cut from
 * the original lines of each top-level block, so lists, code and links read as the author wrote them.
 */
export function markdownSections(content: string): KbSection[] {
  const lines = content.split(/\r?\n/);
  const tokens = markdown.parse(content, {});
  const headings = new HeadingStack();
  const sections: KbSection[] = [];
  let blocks: string[] = [];
  const flush = () => {
    const body = blocks.join('\n\n').trim();
    if (body) sections.push({ headingPath: headings.path(), body });
    blocks = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token.type === 'heading_open') {
      flush();
      const inline = tokens[i + 1];
      const text = (inline?.children ?? [])
        .filter((c) => c.type === 'text' || c.type === 'code_inline')
        .map((c) => c.content).join('').trim();
      headings.enter(Number(token.tag.slice(1)), text || inline?.content || '');
      while (i < tokens.length && tokens[i].type !== 'heading_close') i++;
      continue;
    }
    // Only top-level blocks: their line range covers everything nested inside them.
    if (token.level === 0 && token.nesting >= 0 && token.map) {
      blocks.push(lines.slice(token.map[0], token.map[1]).join('\n').trim());
    }
  }
  flush();
  return sections;
}
