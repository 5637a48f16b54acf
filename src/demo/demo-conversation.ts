/**
 * One demo conversation, start to finish, through the public API only: the customer writes through the API
 * channel and reads the answers; where a person is needed the demo's operator (the admin token) claims the task,
 * replies and resolves, on time or — for the breach scenario — after the first-response deadline.
 */
import {
  ANSWERABLE, FOR_A_PERSON, OPERATOR_REPLY, STILL_BROKEN, ratingText, type DemoLanguage,
} from './demo-content';
import { ApiError, type CustomerMessage, type SwitchboardClient } from './switchboard-client';

export type ScenarioKind = 'answered' | 'handed_off' | 'breached' | 'reopened';

export interface Scenario {
  kind: ScenarioKind;
  language: DemoLanguage;
  /** which question of the scenario's list */
  question: number;
  /** seconds the operator takes before claiming (on time) */
  operatorDelaySeconds: number;
  /** 1..5, or undefined: the customer does not rate */
  rating?: number;
  ratingWithComment: boolean;
}

export interface ConversationContext {
  client: SwitchboardClient;
  /** unique per demo run, so runs never share customers */
  runId: string;
  /** how long to wait for an answer, a task or the CSAT question before giving up on this conversation */
  waitMs: number;
  pollMs: number;
}

export interface ConversationOutcome { externalId: string; issueId?: string; kind: ScenarioKind; steps: string[]; error?: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The CSAT question names its scale ("from 1 … to 5", "от 1 … до 5"); other system notices do not. */
const isCsatQuestion = (m: CustomerMessage) => m.author === 'system' && /\b1\b[\s\S]*\b5\b/.test(m.text);

export async function runConversation(ctx: ConversationContext, index: number, s: Scenario): Promise<ConversationOutcome> {
  const externalId = `demo-${ctx.runId}-${index}`;
  const outcome: ConversationOutcome = { externalId, kind: s.kind, steps: [] };
  let messageSeq = 0;
  const write = async (text: string) => {
    const { issueId } = await ctx.client.sendMessage(`${externalId}-m${++messageSeq}`, externalId, customerName(index, s.language), text);
    outcome.issueId = issueId;
    outcome.steps.push(`customer: ${text}`);
    return issueId;
  };
  /** Waits until the conversation has a message after `seen` that `match` accepts. */
  const awaitMessage = async (seen: number, match: (m: CustomerMessage) => boolean, what: string) => {
    const deadline = Date.now() + ctx.waitMs;
    while (Date.now() < deadline) {
      const found = (await ctx.client.messages(externalId)).slice(seen).find(match);
      if (found) return found;
      await sleep(ctx.pollMs);
    }
    throw new Error(`no ${what} within ${ctx.waitMs / 1000} s`);
  };
  const count = async () => (await ctx.client.messages(externalId)).length;
  const openTask = async (issueId: string) => {
    const deadline = Date.now() + ctx.waitMs;
    for (;;) {
      const tasks = await ctx.client.openTasks(issueId);
      const newest = tasks.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0];
      if (newest) return newest;
      if (Date.now() > deadline) throw new Error(`no human task within ${ctx.waitMs / 1000} s`);
      await sleep(ctx.pollMs);
    }
  };
  const operatorHandles = async (issueId: string, late: boolean) => {
    const task = await openTask(issueId);
    // On time: a few seconds. Late: just past the first-response deadline, so the SLA clock records a breach.
    const waitMs = late
      ? Math.max(0, Date.parse(task.firstResponseDueAt) - Date.now()) + 3_000
      : s.operatorDelaySeconds * 1000;
    await sleep(waitMs);
    // A breach puts a claimed task back in the queue: like a person, claim it again and send the reply again.
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.client.claim((await openTask(issueId)).taskId);
        await ctx.client.reply(issueId, OPERATOR_REPLY[s.language]);
        break;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409) || attempt >= 3) throw error;
        await sleep(ctx.pollMs);
      }
    }
    const before = await count();
    await ctx.client.resolve(issueId);
    outcome.steps.push(late ? 'operator: late reply, resolved' : 'operator: reply, resolved');
    return before;
  };

  try {
    if (s.kind === 'answered') {
      const question = pick(ANSWERABLE[s.language], s.question);
      const issueId = await write(question);
      const first = await awaitMessage(1, (m) => m.direction === 'outbound', 'answer');
      if (first.author === 'assistant') {
        outcome.steps.push('answered');
        return outcome;
      }
      // the assistant was not sure and handed the question over: a person answers it, as in real life
      outcome.steps.push('handed over by the assistant');
      await operatorHandles(issueId, false);
      return outcome;
    }
    const issueId = await write(pick(FOR_A_PERSON[s.language], s.question));
    let beforeResolve = await operatorHandles(issueId, s.kind === 'breached');
    if (s.kind === 'reopened') {
      await awaitMessage(beforeResolve, isCsatQuestion, 'CSAT question');
      await write(STILL_BROKEN[s.language]);
      outcome.steps.push('reopened');
      beforeResolve = await operatorHandles(issueId, false);
    }
    if (s.rating !== undefined) {
      await awaitMessage(beforeResolve, isCsatQuestion, 'CSAT question');
      await write(ratingText(s.rating, s.language, s.ratingWithComment));
    }
    return outcome;
  } catch (error) {
    outcome.error = (error as Error).message;
    return outcome;
  }
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length]!;
}

const NAMES: Record<DemoLanguage, string[]> = {
  en: ['Ann', 'Ben', 'Chloe', 'David', 'Emma', 'Frank', 'Grace', 'Henry'],
  ru: ['Анна', 'Борис', 'Вера', 'Глеб', 'Дарья', 'Егор', 'Жанна', 'Иван'],
};

function customerName(index: number, language: DemoLanguage): string {
  return `${pick(NAMES[language], index)} (demo)`;
}
