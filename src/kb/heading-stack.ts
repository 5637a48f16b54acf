/** The headings above the current position of a document, by level (h1 … h6). */
export class HeadingStack {
  private stack: { level: number; text: string }[] = [];

  /** A heading closes every open heading of the same or a deeper level. */
  enter(level: number, text: string): void {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].level >= level) this.stack.pop();
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean) this.stack.push({ level, text: clean });
  }

  path(): string[] {
    return this.stack.map((h) => h.text);
  }
}
