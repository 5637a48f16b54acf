/** `eval faq`: hit@1, hit@5 and MRR of the FAQ retriever, counting any answer of the right thread. */
import { FaqRetriever } from '../../ai/faq-retrieval/faq-retriever';
import type { EvalArgs } from './args';
import { readFaqKnowledgeBase, readFaqQueries } from './datasets';
import { hitAt, meanReciprocalRank } from './metrics';
import { rounded, type EvalOutput } from './output';

export function runFaq(args: EvalArgs, output: EvalOutput): void {
  const entries = readFaqKnowledgeBase(args.kb!);
  const queries = readFaqQueries(args.queries!);
  const retriever = new FaqRetriever(entries);
  const threads = new Set(entries.map((e) => e.threadId)).size;
  output.err(`indexed ${threads} threads (${entries.length} answers); ranking ${queries.length} queries`);
  const ranks = queries.map(({ query, threadId }) => {
    const index = retriever.search(query, threads).findIndex((hit) => hit.threadId === threadId);
    return index === -1 ? null : index + 1;
  });
  const summary = { hit1: hitAt(ranks, 1), hit5: hitAt(ranks, 5), mrr: meanReciprocalRank(ranks) };
  output.out(`queries:  ${queries.length}`);
  output.out(`hit@1:    ${summary.hit1.toFixed(4)}`);
  output.out(`hit@5:    ${summary.hit5.toFixed(4)}`);
  output.out(`MRR:      ${summary.mrr.toFixed(4)}`);
  output.out(JSON.stringify({ hit1: rounded(summary.hit1), hit5: rounded(summary.hit5), mrr: rounded(summary.mrr) }));
}
