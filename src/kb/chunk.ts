/** A document cut into the pieces the assistant retrieves: one per heading section, long ones split further. */

/** Text under one heading, with the headings above it (outermost first). */
export interface KbSection {
  headingPath: string[];
  body: string;
}

/** One knowledge-base article made from a document; `key` identifies it within its source across re-imports. */
export interface KbChunk {
  key: string;
  headingPath: string[];
  title: string;
  body: string;
}

/** Retrieval works best on passages a reader takes in at a glance; 1,500 characters is about one screen. */
export const MAX_CHUNK_CHARS = 1_500;
const MAX_TITLE_CHARS = 300;
export const HEADING_SEPARATOR = ' › ';

/** Splits text into parts under `max` characters, on paragraph boundaries, then sentences, then words. */
export function splitOnBoundaries(text: string, max = MAX_CHUNK_CHARS): string[] {
  const pieces = text.split(/\n[ \t]*\n/).map((p) => p.trim()).filter(Boolean)
    .flatMap((p) => (p.length <= max ? [p] : splitLongParagraph(p, max)));
  const parts: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && current.length + 2 + piece.length > max) {
      parts.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n\n${piece}` : piece;
    }
  }
  if (current) parts.push(current);
  return parts;
}

function splitLongParagraph(paragraph: string, max: number): string[] {
  const sentences = paragraph.split(/(?<=[.!?…])\s+/).flatMap((s) => (s.length <= max ? [s] : hardSplit(s, max)));
  const parts: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + 1 + sentence.length > max) {
      parts.push(current);
      current = sentence;
    } else {
      current = current ? `${current} ${sentence}` : sentence;
    }
  }
  if (current) parts.push(current);
  return parts;
}

/** A "sentence" longer than a chunk (a table row, a minified blob): cut at the last space before the limit. */
function hardSplit(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > max / 2 ? space : max;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Turns sections into chunks. The key is the heading path (so editing one section touches one chunk), with the
 * part number for split sections and an occurrence number when two sections share a heading path.
 */
export function chunksFromSections(sections: KbSection[], documentTitle: string): KbChunk[] {
  const seen = new Map<string, number>();
  const chunks: KbChunk[] = [];
  for (const section of sections) {
    const headingPath = section.headingPath.length > 0 ? section.headingPath : [documentTitle];
    const parts = splitOnBoundaries(section.body);
    if (parts.length === 0) continue;
    const path = headingPath.join(HEADING_SEPARATOR);
    const occurrence = (seen.get(path) ?? 0) + 1;
    seen.set(path, occurrence);
    const baseKey = occurrence === 1 ? path : `${path} (${occurrence})`;
    parts.forEach((body, i) => {
      const suffix = parts.length > 1 ? ` (${i + 1}/${parts.length})` : '';
      chunks.push({
        key: i === 0 ? baseKey : `${baseKey} #${i + 1}`,
        headingPath,
        title: clip(path, MAX_TITLE_CHARS - suffix.length) + suffix,
        body,
      });
    });
  }
  return chunks;
}
