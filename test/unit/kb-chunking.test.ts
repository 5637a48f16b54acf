import { MAX_CHUNK_CHARS } from '../../src/kb/chunk';
import { KbImportError } from '../../src/kb/import-error';
import { documentTitleOf, formatOfFile, parseDocument } from '../../src/kb/parse-document';

describe('knowledge-base chunking', () => {
  it('cuts Markdown by headings, each chunk titled with its heading path', () => {
    const chunks = parseDocument('markdown', 'docs/billing-help.md', [
      'Read this first.', '', '# Billing', '', 'How we bill.', '', '## Refunds', '', 'Refunds take **5 days**.', '',
      '- to the card you paid with', '- never in cash', '', '### Partial refunds', 'Possible for damaged items.', '',
      '## Payments', '', '```', 'IBAN DE00 0000', '```', '', '# Shipping', 'We ship worldwide.',
    ].join('\n'));
    expect(chunks.map((c) => c.title)).toEqual([
      'Billing help', 'Billing', 'Billing › Refunds', 'Billing › Refunds › Partial refunds', 'Billing › Payments', 'Shipping',
    ]);
    const refunds = chunks[2];
    expect(refunds.headingPath).toEqual(['Billing', 'Refunds']);
    expect(refunds.body).toBe('Refunds take **5 days**.\n\n- to the card you paid with\n- never in cash');
    expect(chunks[4].body).toContain('IBAN DE00 0000');
  });

  it('splits a long section on paragraph boundaries under the size limit, keeping every word', () => {
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i}: ${'lorem ipsum dolor sit amet. '.repeat(9).trim()}`);
    const chunks = parseDocument('markdown', 'long.md', `# Terms\n\n${paragraphs.join('\n\n')}`);
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) {
      expect(c.body.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      expect(c.headingPath).toEqual(['Terms']);
      // no paragraph is cut in the middle
      for (const p of c.body.split('\n\n')) expect(paragraphs).toContain(p);
    }
    expect(chunks.map((c) => c.body).join('\n\n')).toBe(paragraphs.join('\n\n'));
    expect(new Set(chunks.map((c) => c.key)).size).toBe(chunks.length);
    expect(chunks[0].title).toBe(`Terms (1/${chunks.length})`);
  });

  it('cuts one huge paragraph at sentence boundaries', () => {
    const sentence = 'The warranty covers manufacturing defects for two years. ';
    const chunks = parseDocument('text', 'warranty.txt', sentence.repeat(80));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.body.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
      expect(c.body.endsWith('two years.')).toBe(true);
      expect(c.title).toMatch(/^Warranty/);
    }
  });

  it('reads the visible text of HTML by its headings, without scripts, styles or navigation', () => {
    const chunks = parseDocument('html', 'https://example.com/help/account.html', `<!doctype html><html><head><title>Help centre</title>
      <style>h1{color:red}</style><script>track()</script></head><body><nav>Home | Pricing</nav>
      <p>Welcome &amp; thanks for visiting.</p>
      <h1>Account</h1><h2>Password <small>reset</small></h2><p>Open <b>Settings</b>, then
      choose <a href="#">Reset</a>.</p><ul><li>Check spam</li><li>Wait 5 minutes</li></ul></body></html>`);
    expect(chunks.map((c) => c.title)).toEqual(['Help centre', 'Account › Password reset']);
    expect(chunks[0].body).toBe('Welcome & thanks for visiting.');
    expect(chunks[1].body).toContain('Open Settings, then choose Reset.');
    expect(chunks[1].body).toContain('- Check spam');
    expect(chunks.map((c) => c.body).join(' ')).not.toMatch(/track|color|Pricing/);
  });

  it('makes one article per FAQ question with its answers in rank order (StackFAQ and plain question,answer)', () => {
    const stackFaq = parseDocument('csv', 'stackfaq.csv', [
      'faq_id,thread_id,question,answer_rank,answer',
      '0_1,0,Strikethrough with GitHub Markdown,1,Use <del> tags.',
      '0_0,0,Strikethrough with GitHub Markdown,0,"Use ~~tildes~~, like this."',
      '1_0,1,How do I delete my Facebook account?,0,Go to settings.',
    ].join('\n'));
    expect(stackFaq).toEqual([
      { key: 'faq:0', title: 'Strikethrough with GitHub Markdown', headingPath: ['Strikethrough with GitHub Markdown'],
        body: 'Use ~~tildes~~, like this.\n\nUse <del> tags.' },
      { key: 'faq:1', title: 'How do I delete my Facebook account?', headingPath: ['How do I delete my Facebook account?'],
        body: 'Go to settings.' },
    ]);
    const simple = parseDocument('csv', 'faq.csv', '\uFEFFQuestion,Answer\nCan I pay by invoice?,Yes for business plans.\n');
    expect(simple).toEqual([expect.objectContaining({ title: 'Can I pay by invoice?', body: 'Yes for business plans.' })]);
  });

  it('refuses a CSV without question and answer columns, saying what it found', () => {
    expect(() => parseDocument('csv', 'x.csv', 'q,a\nhi,there\n')).toThrow(KbImportError);
    expect(() => parseDocument('csv', 'x.csv', 'q,a\nhi,there\n')).toThrow(/"question" and "answer".*found: q, a/);
  });

  it('names documents and recognises formats from file names and URLs', () => {
    expect(documentTitleOf('docs/refund_policy.md')).toBe('Refund policy');
    expect(documentTitleOf('https://example.com/help/getting-started.html?x=1')).toBe('Getting started');
    expect(formatOfFile('a/B.MD')).toBe('markdown');
    expect(formatOfFile('x.htm')).toBe('html');
    expect(formatOfFile('faq.csv')).toBe('csv');
    expect(formatOfFile('notes.txt')).toBe('text');
    expect(formatOfFile('photo.png')).toBeUndefined();
  });
});
