/**
 * `eval intents --assistant openai`: the same figures for ChatGPT (or any OpenAI-compatible model, from
 * OPENAI_API_KEY / OPENAI_BASE_URL / OPENAI_MODEL), so prompts and models can be compared with the offline model
 * on the same test file. The model picks one label per message from the training labels (structured output),
 * with a few training examples per label in the prompt.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { maskPersonalData } from '../../ai/pii-masking';
import type { IntentExample } from '../../ai/intent-model/intent-classifier';
import type { EvalArgs } from './args';
import { readLabelledExamples } from './datasets';
import { intentScores, type Labelled } from './metrics';
import { percent, rounded, type EvalOutput } from './output';
import { UsageError } from './usage';

const EXAMPLES_PER_LABEL = 3;
const CONCURRENCY = 4;
const OUT_OF_SCOPE = 'out_of_scope';

export async function runLlmIntents(args: EvalArgs, output: EvalOutput, env: NodeJS.ProcessEnv): Promise<void> {
  if (!args.test) throw new UsageError('--assistant openai needs --test <csv> (cross-validation would retrain nothing)');
  if (!env.OPENAI_API_KEY) throw new UsageError('--assistant openai needs OPENAI_API_KEY');
  const model = env.OPENAI_MODEL || 'gpt-4o-mini';
  const client = new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL || undefined, maxRetries: 2, timeout: 60_000 });
  const train = readLabelledExamples(args.train!);
  const test = readLabelledExamples(args.test);
  const labels = [...new Set(train.map((e) => e.label))].filter((l) => l !== args.oos).sort();
  const prompt = systemPrompt(labels, train, args.oos);
  const schema = z.object({ label: z.enum([OUT_OF_SCOPE, ...labels]) });
  const responseFormat = {
    type: 'json_schema' as const,
    json_schema: {
      name: 'intent', strict: true,
      schema: { type: 'object', properties: { label: { type: 'string', enum: [...labels, OUT_OF_SCOPE] } }, required: ['label'], additionalProperties: false },
    },
  };
  output.err(`asking ${model} about ${test.length} messages (${labels.length} intents) …`);
  const started = performance.now();
  const predicted: string[] = new Array(test.length);
  let tokens = 0;
  let failed = 0;
  let next = 0;
  const workerLoop = async () => {
    while (next < test.length) {
      const i = next++;
      try {
        const completion = await client.chat.completions.create({
          model, temperature: 0, response_format: responseFormat,
          messages: [{ role: 'system', content: prompt }, { role: 'user', content: maskPersonalData(test[i].text).text }],
        });
        tokens += completion.usage?.total_tokens ?? 0;
        const parsed = schema.safeParse(JSON.parse(completion.choices[0]?.message?.content ?? 'null'));
        predicted[i] = parsed.success ? parsed.data.label : OUT_OF_SCOPE;
        if (!parsed.success) failed += 1;
      } catch {
        // A failed call counts as a wrong (escalated) answer, as it would for a customer.
        predicted[i] = OUT_OF_SCOPE;
        failed += 1;
      }
      if ((i + 1) % 100 === 0) output.err(`  ${i + 1}/${test.length}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, workerLoop));
  const seconds = (performance.now() - started) / 1000;
  const oos = args.oos;
  const pairs: Labelled[] = test.map((e, i) => ({
    truth: e.label,
    predicted: predicted[i] === OUT_OF_SCOPE ? (oos ?? OUT_OF_SCOPE) : predicted[i],
  }));
  const summary = { ...intentScores(pairs, oos), predictPerSecond: test.length / seconds };
  output.out(`model:                 ${model}`);
  output.out(`messages evaluated:    ${pairs.length} (${failed} failed or malformed answers counted as out of scope)`);
  output.out(`accuracy:              ${percent(summary.accuracy)}`);
  output.out(`macro-F1:              ${percent(summary.macroF1)}`);
  if (oos !== undefined) {
    output.out(`in-scope accuracy:     ${percent(summary.inScopeAccuracy)} of ${summary.inScope}`);
    output.out(`out-of-scope recall:   ${percent(summary.oosRecall)} of ${summary.outOfScope}`);
  }
  output.out(`tokens used:           ${tokens}`);
  output.out(`predictions / second:  ${summary.predictPerSecond.toFixed(1)}`);
  output.out(JSON.stringify({
    accuracy: rounded(summary.accuracy), macroF1: rounded(summary.macroF1), inScopeAccuracy: rounded(summary.inScopeAccuracy),
    oosRecall: rounded(summary.oosRecall), trainSeconds: null, predictPerSecond: rounded(summary.predictPerSecond, 1),
  }));
}

function systemPrompt(labels: string[], train: IntentExample[], oos: string | undefined): string {
  const lines = labels.map((label) => {
    const examples = train.filter((e) => e.label === label).slice(0, EXAMPLES_PER_LABEL).map((e) => JSON.stringify(e.text));
    return `- ${label}: ${examples.join('; ')}`;
  });
  const outOfScope = oos ? `\nMessages like ${train.filter((e) => e.label === oos).slice(0, EXAMPLES_PER_LABEL).map((e) => JSON.stringify(e.text)).join('; ')} are out_of_scope.` : '';
  return `Classify the customer-support message into exactly one intent. Answer out_of_scope when none fits.${outOfScope}
Intents, each with example messages:
${lines.join('\n')}`;
}
