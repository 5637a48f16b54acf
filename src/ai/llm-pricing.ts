import type { LlmUsage } from '../domain/issue';

/** USD per million tokens (input, output), list prices; unknown models get no estimate rather than a wrong one. */
const PRICES: Record<string, [number, number]> = {
  'gpt-4o-mini': [0.15, 0.6],
  'gpt-4o': [2.5, 10],
  'gpt-4.1-mini': [0.4, 1.6],
  'gpt-4.1': [2, 8],
  'gpt-4.1-nano': [0.1, 0.4],
};

export function usageOf(model: string, usage: { prompt_tokens?: number; completion_tokens?: number } | undefined): LlmUsage | undefined {
  if (!usage) return undefined;
  const promptTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  const price = PRICES[model] ?? PRICES[model.replace(/-\d{4}-\d{2}-\d{2}$/, '')];
  const costUsd = price ? (promptTokens * price[0] + completionTokens * price[1]) / 1_000_000 : undefined;
  return { model, promptTokens, completionTokens, costUsd };
}
