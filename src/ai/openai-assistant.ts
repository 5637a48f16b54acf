import OpenAI from 'openai';
import { z } from 'zod';
import type { Db } from '../db/pool';
import type { AnswerContinuation, Classification, DraftAnswer } from '../domain/issue';
import { CUSTOMER_DATA_TOOLS } from './customer-data-tools';
import { PRIORITIES } from '../domain/priority';
import { searchArticles } from '../kb/articles';
import type { Assistant, AssistantTurn, DraftTurn } from './assistant';
import { detectLanguage } from './language';
import type { CrmReader } from '../crm/crm-reader';
import { customerContextText, loadCustomerContext } from './customer-context';
import { usageOf } from './llm-pricing';
import { asksForHuman } from './message-signals';
import { maskPersonalData, restorePersonalData } from './pii-masking';

export interface OpenAiSettings {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** per request; the activity's own timeout is the outer bound */
  timeoutMs?: number;
}

/** Thrown for model output that does not match the schema; the activity retries, then the issue escalates. */
export class MalformedModelOutput extends Error {
  override name = 'MalformedModelOutput';
}

const classificationSchema = z.object({
  category: z.string().min(1).max(64),
  intent: z.string().min(1).max(64),
  priority: z.enum(PRIORITIES),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  language: z.string().min(2).max(8),
  wantsHuman: z.boolean(),
  confidence: z.number().min(0).max(1),
});

const answerSchema = z.object({
  answer: z.string(),
  confidence: z.number().min(0).max(1),
  grounded: z.boolean(),
  citedArticleIds: z.array(z.string()),
  /** set (and answer left empty) when one short question to the customer would make the articles answer */
  clarifyingQuestion: z.string().default(''),
});

/** The pseudo-article id under which the customer's own CRM data is given to the model. */
const CUSTOMER_DATA = 'customer-data';

/** The model answers only when it is this sure and cites an article it was given. */
export const OPENAI_MIN_CONFIDENCE = 0.7;

/** Keywords OpenAI's strict structured outputs do not accept; zod still checks them on our side. */
const UNSUPPORTED_KEYWORDS = new Set(['$schema', 'minimum', 'maximum', 'minLength', 'maxLength', 'default', 'format', 'pattern']);

function strictSubset(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSubset);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!UNSUPPORTED_KEYWORDS.has(key)) out[key] = key === 'properties' ? Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strictSubset(v)]),
    ) : strictSubset(value);
  }
  return out;
}

function responseFormat(name: string, schema: z.ZodType) {
  const jsonSchema = strictSubset(z.toJSONSchema(schema, { target: 'draft-7' })) as Record<string, unknown>;
  return { type: 'json_schema' as const, json_schema: { name, strict: true, schema: jsonSchema } };
}

function parseJson<T>(schema: z.ZodType<T>, content: string | null | undefined, what: string): T {
  if (!content) throw new MalformedModelOutput(`${what}: empty model output`);
  let raw: unknown;
  try {
    raw = JSON.parse(content);
  } catch {
    throw new MalformedModelOutput(`${what}: model output is not JSON`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new MalformedModelOutput(`${what}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const CLASSIFY_PROMPT = `You classify customer-support messages. Reply with JSON only.
category: a short snake_case topic (billing, delivery, account, technical, general, ...).
intent: a short snake_case intent. priority: urgent for fraud, security or safety; high when the customer is blocked;
otherwise normal or low. wantsHuman: true only if the customer asks for a person. language: ISO 639-1 code.
confidence: how sure you are of the category, 0..1.`;

const ANSWER_PROMPT = `You are a customer-support assistant. Answer ONLY from the knowledge-base articles given below,
in the customer's language, briefly and politely. If the articles do not answer the question, set grounded to false
and confidence low; if one short question to the customer would let you answer from the articles, put it in
clarifyingQuestion and leave answer empty. citedArticleIds lists the ids of the articles you used. To look up one of the customer's orders,
returns or profile, call a tool; the data you get is this customer's. Reply with JSON only.`;

/** ChatGPT through any OpenAI-compatible chat-completions endpoint. */
export class OpenAiAssistant implements Assistant {
  readonly name = 'openai' as const;
  private readonly client: OpenAI;

  constructor(private readonly db: Db, private readonly settings: OpenAiSettings, private readonly crm?: CrmReader) {
    // Temporal retries the activity, so the client itself does not retry (no hidden double calls).
    this.client = new OpenAI({
      apiKey: settings.apiKey, baseURL: settings.baseURL, maxRetries: 0, timeout: settings.timeoutMs ?? 30_000,
    });
  }

  async classify(turn: AssistantTurn): Promise<Classification> {
    const { history, text } = masked(turn);
    const completion = await this.client.chat.completions.create({
      model: this.settings.model,
      temperature: 0,
      response_format: responseFormat('classification', classificationSchema),
      messages: [{ role: 'system', content: CLASSIFY_PROMPT }, ...history, { role: 'user', content: text }],
    });
    const result = parseJson(classificationSchema, completion.choices[0]?.message?.content, 'classification');
    // A request for a person is honoured even when the model misses it.
    return {
      ...result, wantsHuman: result.wantsHuman || asksForHuman(turn.text), source: 'openai',
      usage: usageOf(this.settings.model, completion.usage),
    };
  }

  async draftAnswer(turn: DraftTurn): Promise<DraftAnswer> {
    const language = detectLanguage(turn.text);
    const matches = await searchArticles(this.db, turn.text, { limit: 4, language });
    // The customer's own CRM data (read for this customer id only) can ground an answer too.
    const customerData = this.crm ? customerContextText(await loadCustomerContext(this.crm, turn.customerId)) : '';
    if (matches.length === 0 && !customerData) {
      return { decision: 'escalate', text: '', confidence: 0, citations: [], reason: 'no knowledge-base article matches', source: 'openai' };
    }
    const { messages, vault } = turn.continuation
      ? continued(turn.continuation)
      : firstStep(turn, matches.map((m) => `[article ${m.article.id}] ${m.article.title}\n${m.article.body}`).join('\n\n---\n\n'), customerData);
    const completion = await this.client.chat.completions.create({
      model: this.settings.model,
      temperature: 0.2,
      response_format: responseFormat('answer', answerSchema),
      ...(this.crm ? { tools: CUSTOMER_DATA_TOOLS, tool_choice: 'auto' as const } : {}),
      messages: messages as OpenAI.Chat.Completions.ChatCompletionMessageParam[],
    });
    const usage = usageOf(this.settings.model, completion.usage);
    const retrieved = matches.map((m) => ({ articleId: m.article.id, title: m.article.title, score: Number(m.coverage.toFixed(3)) }));
    const message = completion.choices[0]?.message;
    const toolCalls = (message?.tool_calls ?? []).filter((c) => c.type === 'function');
    if (toolCalls.length > 0) {
      // The workflow runs each look-up as its own activity, for this customer, then asks again.
      return {
        decision: 'lookup', text: '', confidence: 0, citations: [], retrieved, usage, source: 'openai',
        reason: `the model asked for ${toolCalls.map((c) => c.function.name).join(', ')}`,
        calls: toolCalls.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })),
        pending: { transcript: [...messages, { role: 'assistant', content: message?.content ?? null, tool_calls: toolCalls }], vault: [...vault] },
      };
    }
    const result = parseJson(answerSchema, message?.content, 'answer');
    const known = new Map(matches.map((m) => [m.article.id, { title: m.article.title, score: m.coverage }]));
    if (customerData) known.set(CUSTOMER_DATA, { title: "the customer's CRM data", score: 1 });
    const cited = result.citedArticleIds.filter((id) => known.has(id));
    const citations = cited.map((id) => ({ articleId: id, title: known.get(id)!.title, score: known.get(id)!.score }));
    const confident = result.grounded && cited.length > 0 && result.confidence >= (turn.scenario?.confidenceThreshold ?? OPENAI_MIN_CONFIDENCE) && result.answer.trim() !== '';
    const question = result.clarifyingQuestion.trim();
    if (!confident && question && !result.answer.trim()) {
      return {
        decision: 'clarify', text: restorePersonalData(question, vault), confidence: result.confidence, citations, retrieved, usage,
        reason: 'the question is ambiguous: asking the customer', source: 'openai',
      };
    }
    return {
      decision: confident ? 'answer' : 'escalate',
      text: confident ? restorePersonalData(result.answer.trim(), vault) : '',
      retrieved,
      usage,
      confidence: result.confidence,
      citations,
      reason: confident
        ? 'grounded in the cited articles'
        : `not answered: grounded=${result.grounded}, cited=${cited.length}, confidence=${result.confidence}`,
      source: 'openai',
    };
  }
}

/** The first step of a turn: knowledge base and customer data in the system prompt, the (masked) conversation. */
function firstStep(turn: DraftTurn, context: string, customerData: string) {
  const { history, text, vault } = masked(turn);
  // Masked like the customer's messages; cited as "customer-data" when the answer rests on it.
  const customerBlock = customerData
    ? `\n\n[article ${CUSTOMER_DATA}] This customer's own data (orders, returns, profile):\n${maskPersonalData(customerData, vault).text}`
    : '';
  const messages: unknown[] = [
    { role: 'system', content: `${turn.scenario?.systemPrompt ?? ANSWER_PROMPT}\n\nKnowledge base:\n${context}${customerBlock}` },
    ...history,
    { role: 'user', content: text },
  ];
  return { messages, vault };
}

/** A later step: the conversation so far plus the look-up results, masked with the same placeholders. */
function continued(continuation: AnswerContinuation) {
  const vault = new Map(continuation.vault);
  const results = continuation.results.map((r) => ({
    role: 'tool', tool_call_id: r.id, content: maskPersonalData(r.content, vault).text,
  }));
  return { messages: [...continuation.transcript, ...results], vault };
}

/** The turn with personal data replaced by placeholders; the vault restores them in the reply. */
function masked(turn: AssistantTurn) {
  const { text, vault } = maskPersonalData(turn.text);
  const history = turn.history.map((m) => ({
    role: m.author === 'customer' ? 'user' as const : 'assistant' as const,
    content: maskPersonalData(m.text, vault).text,
  }));
  return { text, history, vault };
}
