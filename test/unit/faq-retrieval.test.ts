import { join } from 'node:path';
import { FaqRetriever } from '../../src/ai/faq-retrieval/faq-retriever';
import { readFaqKnowledgeBase, readFaqQueries } from '../../src/cli/eval/datasets';

const fixtures = join(__dirname, '../fixtures/eval');

describe('FAQ retrieval', () => {
  const entries = readFaqKnowledgeBase(join(fixtures, 'faq-kb.csv'));
  const retriever = new FaqRetriever(entries);

  it('reads multi-line answers from the knowledge base', () => {
    expect(entries).toHaveLength(6);
    expect(entries.find((e) => e.threadId === '1')?.answer).toContain('\nPick CSV');
  });

  it.each(readFaqQueries(join(fixtures, 'faq-queries.csv')))('finds thread $threadId for "$query"', ({ query, threadId }) => {
    expect(retriever.search(query, 1)[0].threadId).toBe(threadId);
  });

  it('returns each thread once, best first, up to the limit', () => {
    const hits = retriever.search('delete account', 10);
    expect(hits.map((h) => h.threadId).sort()).toEqual(['0', '1', '2', '3']);
    expect(hits[0]).toMatchObject({ threadId: '0', question: 'How do I delete my account?' });
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(retriever.search('delete account', 2)).toHaveLength(2);
  });

  it('still matches a misspelt query through character n-grams', () => {
    expect(retriever.search('exprot contcts to a spredsheet', 1)[0].threadId).toBe('1');
  });
});
