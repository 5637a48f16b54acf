/**
 * Importing documents into the knowledge base through the API, the CLI's file importer and directly, on the
 * real gateway, worker, Temporal and database; hybrid search with a fake OpenAI-compatible embeddings server.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { searchArticles } from '../../src/kb/articles';
import { EmbeddingsUnavailable, OpenAiCompatibleEmbedder } from '../../src/kb/embeddings';
import { importDocument } from '../../src/kb/import-document';
import { collectKbFiles, importKbFiles } from '../../src/kb/import-files';
import { startFakeEmbeddings, type FakeEmbeddings } from '../support/fake-embeddings';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';

let sys: TestSystem;
let embeddings: FakeEmbeddings;

beforeAll(async () => {
  embeddings = await startFakeEmbeddings();
  sys = await startTestSystem();
});
afterAll(async () => {
  await sys?.stop();
  await embeddings?.close();
});

const guide = (tag: string, refunds: string, extra = '') => `# Zorblax coupons ${tag}

Zorblax coupons are our loyalty vouchers.

## Refunds

${refunds}

## Expiry

A Zorblax coupon expires twelve months after it is issued.
${extra}`;

async function importMarkdown(source: string, content: string) {
  return sys.api('POST', '/api/v1/kb/import', { token: sys.adminToken, body: { format: 'markdown', source, content } });
}

async function articlesOf(source: string) {
  const res = await sys.api('GET', `/api/v1/kb/articles?source=${encodeURIComponent(source)}`, { token: sys.operatorToken });
  expect(res.status).toBe(200);
  return res.body.articles as { id: string; title: string; body: string; headingPath: string[]; updatedAt: string }[];
}

describe('knowledge-base import', () => {
  it('imports a Markdown guide as one article per section, and re-imports only what changed', async () => {
    const tag = randomUUID().slice(0, 8);
    const source = `guides/zorblax-${tag}.md`;
    const first = await importMarkdown(source, guide(tag, 'A Zorblax coupon bought by mistake is refunded within 14 days.'));
    expect(first.status).toBe(200);
    expect(first.body.import).toMatchObject({ source, language: 'en', chunks: 3, created: 3, updated: 0, unchanged: 0, removed: 0 });
    const before = await articlesOf(source);
    expect(before.map((a) => a.title).sort()).toEqual(
      [`Zorblax coupons ${tag}`, `Zorblax coupons ${tag} › Expiry`, `Zorblax coupons ${tag} › Refunds`].sort());
    expect(before.find((a) => a.title.endsWith('Refunds'))?.headingPath).toEqual([`Zorblax coupons ${tag}`, 'Refunds']);

    const again = await importMarkdown(source, guide(tag, 'A Zorblax coupon bought by mistake is refunded within 14 days.'));
    expect(again.body.import).toMatchObject({ created: 0, updated: 0, unchanged: 3, removed: 0 });

    // edit Refunds, drop Expiry, add Transfers
    const edited = guide(tag, 'A Zorblax coupon bought by mistake is refunded within 30 days.')
      .replace(/## Expiry[\s\S]*$/, '## Transfers\n\nZorblax coupons cannot be transferred.\n');
    const changed = await importMarkdown(source, edited);
    expect(changed.body.import).toMatchObject({ chunks: 3, created: 1, updated: 1, unchanged: 1, removed: 1 });
    const after = await articlesOf(source);
    expect(after.map((a) => a.title.split(' › ')[1] ?? 'intro').sort()).toEqual(['Refunds', 'Transfers', 'intro']);
    const intro = (list: typeof after) => list.find((a) => !a.title.includes('›'))!;
    expect(intro(after)).toEqual(intro(before)); // untouched: same id, same updatedAt
    const refunds = after.find((a) => a.title.endsWith('Refunds'))!;
    expect(refunds.id).toBe(before.find((a) => a.title.endsWith('Refunds'))!.id);
    expect(refunds.body).toContain('30 days');
  });

  it('answers a customer from an imported section', async () => {
    const tag = randomUUID().slice(0, 8);
    await importMarkdown(`guides/zorblax-answer-${tag}.md`, guide(tag, 'Refunds of Zorblax coupons reach your card within 14 days.'));
    const customer = { externalId: `kb-import-${randomUUID()}` };
    const sent = await sys.api('POST', '/api/v1/messages', {
      token: sys.apiKey, body: { messageId: randomUUID(), customer, text: `How do Zorblax coupon refunds work? ${tag}` },
    });
    expect(sent.status).toBe(202);
    const answer = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/customers/${customer.externalId}/messages`, { token: sys.apiKey });
      return (res.body.messages as { author: string; text: string }[]).find((m) => m.author === 'assistant');
    }, 30_000, 'the assistant answer');
    expect(answer.text).toContain(`Zorblax coupons ${tag} › Refunds`);
    expect(answer.text).toContain('within 14 days');
  });

  it('imports a StackFAQ-style CSV as one article per question with all its answers', async () => {
    const source = `faq-${randomUUID()}.csv`;
    const res = await sys.api('POST', '/api/v1/kb/import', {
      token: sys.adminToken,
      body: {
        format: 'csv', source,
        content: 'faq_id,thread_id,question,answer_rank,answer\n'
          + '7_0,7,How do I export my contacts?,0,"Open Contacts, then choose Export."\n'
          + '7_1,7,How do I export my contacts?,1,You can also use the API.\n'
          + '8_0,8,Can I change my username?,0,No.\n',
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.import).toMatchObject({ chunks: 2, created: 2 });
    const articles = await articlesOf(source);
    expect(articles.find((a) => a.title === 'How do I export my contacts?')?.body)
      .toBe('Open Contacts, then choose Export.\n\nYou can also use the API.');
  });

  it('refuses bad imports with a clear 4xx and imports nothing', async () => {
    const source = `bad-${randomUUID()}.csv`;
    const noColumns = await sys.api('POST', '/api/v1/kb/import', {
      token: sys.adminToken, body: { format: 'csv', source, content: 'q,a\nhello,world\n' },
    });
    expect(noColumns.status).toBe(400);
    expect(noColumns.body.error).toMatchObject({ code: 'invalid_document' });
    expect(noColumns.body.error.message).toMatch(/question.*answer/);
    const badFormat = await sys.api('POST', '/api/v1/kb/import', {
      token: sys.adminToken, body: { format: 'pdf', source, content: 'x' },
    });
    expect(badFormat.status).toBe(400);
    expect(badFormat.body.error.code).toBe('invalid_request');
    const empty = await sys.api('POST', '/api/v1/kb/import', {
      token: sys.adminToken, body: { format: 'html', source, content: '<script>only()</script>' },
    });
    expect(empty.status).toBe(400);
    const anonymous = await sys.api('POST', '/api/v1/kb/import', { body: { format: 'text', source, content: 'hi' } });
    expect(anonymous.status).toBe(401);
    expect(await articlesOf(source)).toEqual([]);
  });

  it('imports a folder of Markdown, HTML, text and CSV files (the kb:import CLI)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kb-import-'));
    try {
      await mkdir(path.join(dir, 'help'));
      await writeFile(path.join(dir, 'help', 'billing.md'), '# Billing\n\n## Invoices\n\nInvoices are e-mailed monthly.\n');
      await writeFile(path.join(dir, 'help', 'account.html'), '<h1>Account</h1><p>Delete it in Settings.</p>');
      await writeFile(path.join(dir, 'notes.txt'), 'We are open 9 to 5.\n\nClosed on Sundays.');
      await writeFile(path.join(dir, 'faq.csv'), 'question,answer\nDo you ship abroad?,Yes.\n');
      await writeFile(path.join(dir, 'logo.png'), 'not text');
      const { files, skipped } = await collectKbFiles([dir], dir);
      expect(files.map((f) => [f.source, f.format])).toEqual([
        ['faq.csv', 'csv'], ['help/account.html', 'html'], ['help/billing.md', 'markdown'], ['notes.txt', 'text'],
      ]);
      expect(skipped).toEqual([]);
      const seen: string[] = [];
      const prefixed = files.map((f) => ({ ...f, source: `${dir}/${f.source}` }));
      const outcomes = await importKbFiles(sys.db, prefixed, { onFile: (o, done) => seen.push(`${done}:${o.file.format}`) });
      expect(seen).toEqual(['1:csv', '2:html', '3:markdown', '4:text']);
      expect(outcomes.map((o) => o.error)).toEqual([undefined, undefined, undefined, undefined]);
      expect(outcomes.map((o) => o.report?.created)).toEqual([1, 1, 1, 1]);
      expect((await articlesOf(`${dir}/help/billing.md`))[0].title).toBe('Billing › Invoices');
      const rerun = await importKbFiles(sys.db, prefixed);
      expect(rerun.map((o) => o.report?.unchanged)).toEqual([1, 1, 1, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('hybrid search with embeddings', () => {
  const model = `fake-embed-${randomUUID()}`;
  const embedder = () => new OpenAiCompatibleEmbedder({ baseUrl: embeddings.baseUrl, model, apiKey: 'sk-embed', timeoutMs: 5_000, batchSize: 2 });

  it('stores vectors at import, only for new or changed chunks, and finds passages that share no word with the question', async () => {
    const tag = randomUUID().slice(0, 8);
    const source = `policies-${tag}.md`;
    const content = `# Policies ${tag}\n\n## Refunds\n\nWe reimburse the full price to the original card.\n\n`
      + '## Shipping\n\nOrders leave the warehouse the next working day.\n\n## Login\n\nUse the e-mail address of your account.\n';
    const first = await importDocument(sys.db, { format: 'markdown', source, content }, { embedder: embedder() });
    expect(first).toMatchObject({ created: 3, embedded: 3 });
    expect(embeddings.requests.at(-1)).toMatchObject({ model, authorization: 'Bearer sk-embed' });
    const sent = embeddings.embeddedTexts();
    const again = await importDocument(sys.db, { format: 'markdown', source, content: content.replace('next working day', 'same day') },
      { embedder: embedder() });
    expect(again).toMatchObject({ updated: 1, unchanged: 2, embedded: 1 });
    expect(embeddings.embeddedTexts() - sent).toBe(1);

    const question = 'Can I get my money back?';
    // The database may hold other teams' articles that share a word with the question: look at this source's.
    const hybrid = (await searchArticles(sys.db, question, { limit: 5, embedder: embedder() }))
      .filter((m) => m.article.source === source);
    expect(hybrid[0].article.title).toBe(`Policies ${tag} › Refunds`);
    expect(hybrid[0].similarity).toBeGreaterThan(0.9);
    const wordsOnly = await searchArticles(sys.db, question, { limit: 5, embedder: null });
    expect(wordsOnly.map((m) => m.article.source)).not.toContain(source);
  });

  it('falls back to full-text search when the embeddings endpoint fails, and refuses an import it cannot embed', async () => {
    const tag = randomUUID().slice(0, 8);
    await importDocument(sys.db, { format: 'text', source: `quokka-${tag}.txt`, content: `Quokka ${tag} plushies are washable.` });
    embeddings.setFailing(503);
    try {
      const hits = await searchArticles(sys.db, `quokka ${tag} plushies`, { limit: 3, embedder: embedder() });
      expect(hits[0].article.source).toBe(`quokka-${tag}.txt`);
      await expect(importDocument(sys.db, { format: 'text', source: `x-${tag}.txt`, content: 'Something new.' }, { embedder: embedder() }))
        .rejects.toThrow(EmbeddingsUnavailable);
    } finally {
      embeddings.setFailing(undefined);
    }
  });
});
