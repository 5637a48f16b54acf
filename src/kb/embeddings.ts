import { z } from 'zod';
import { ConfigError } from '../config-error';

/** Turns texts into unit-length vectors (so a dot product is the cosine similarity). */
export interface Embedder {
  /** stored with each vector: vectors of different models are never compared */
  readonly model: string;
  embed(texts: string[]): Promise<number[][]>;
}

export class EmbeddingsUnavailable extends Error {}

/** The `/v1/embeddings` answer of OpenAI and the many servers that copy it (vLLM, Ollama, LocalAI, TEI ...). */
const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().min(0), embedding: z.array(z.number()).min(1) })),
});

export interface EmbeddingsSettings {
  /** e.g. https://api.openai.com/v1 — requests go to `${baseUrl}/embeddings` */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** texts per request */
  batchSize: number;
}

export function normalise(vector: number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? vector.map((x) => x / norm) : vector;
}

/** An OpenAI-compatible embeddings endpoint. Nothing is downloaded: the model runs wherever the URL points. */
export class OpenAiCompatibleEmbedder implements Embedder {
  readonly model: string;

  constructor(private readonly settings: EmbeddingsSettings) {
    this.model = settings.model;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i += this.settings.batchSize) {
      vectors.push(...await this.embedBatch(texts.slice(i, i + this.settings.batchSize)));
    }
    return vectors;
  }

  private async embedBatch(input: string[]): Promise<number[][]> {
    const url = `${this.settings.baseUrl.replace(/\/+$/, '')}/embeddings`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.settings.apiKey ? { authorization: `Bearer ${this.settings.apiKey}` } : {}),
        },
        body: JSON.stringify({ model: this.settings.model, input }),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      throw new EmbeddingsUnavailable(`embeddings endpoint ${url} unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) {
      throw new EmbeddingsUnavailable(`embeddings endpoint ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    }
    const parsed = responseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success || parsed.data.data.length !== input.length) {
      throw new EmbeddingsUnavailable(`embeddings endpoint ${url} answered with an unexpected body`);
    }
    return [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => normalise(d.embedding));
  }
}

const envSchema = z.object({
  EMBEDDINGS_BASE_URL: z.url().optional().or(z.literal('').transform(() => undefined)),
  EMBEDDINGS_MODEL: z.string().trim().optional().transform((v) => v || undefined),
  EMBEDDINGS_API_KEY: z.string().trim().optional().transform((v) => v || undefined),
  EMBEDDINGS_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  EMBEDDINGS_BATCH_SIZE: z.coerce.number().int().min(1).max(2048).default(64),
});

/** The embedder the environment configures, or undefined (full-text search only). */
export function embedderFromEnv(env: NodeJS.ProcessEnv): Embedder | undefined {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(`invalid embeddings settings:\n${z.prettifyError(parsed.error)}`);
  const e = parsed.data;
  if (!e.EMBEDDINGS_BASE_URL && !e.EMBEDDINGS_MODEL) return undefined;
  if (!e.EMBEDDINGS_BASE_URL || !e.EMBEDDINGS_MODEL) {
    throw new ConfigError('EMBEDDINGS_BASE_URL and EMBEDDINGS_MODEL go together: set both or neither');
  }
  return new OpenAiCompatibleEmbedder({
    baseUrl: e.EMBEDDINGS_BASE_URL, model: e.EMBEDDINGS_MODEL, apiKey: e.EMBEDDINGS_API_KEY,
    timeoutMs: e.EMBEDDINGS_TIMEOUT_MS, batchSize: e.EMBEDDINGS_BATCH_SIZE,
  });
}

let processEmbedder: { value: Embedder | undefined } | undefined;

/**
 * The process-wide embedder from process.env, read once. searchArticles falls back to it so every caller (the
 * offline responder, ChatGPT's context) gets hybrid search as soon as the environment configures it.
 */
export function defaultEmbedder(): Embedder | undefined {
  processEmbedder ??= { value: embedderFromEnv(process.env) };
  return processEmbedder.value;
}
