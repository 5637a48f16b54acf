/**
 * The demo run: knowledge-base articles it needs (added once), then the conversations of the mix, `concurrency` at a
 * time, then the analytics summary of what it drove. Everything goes through the public API of a running
 * Switchboard; no event is written around the pipeline.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_ARTICLES } from './demo-content';
import { runConversation, type ConversationOutcome, type ScenarioKind } from './demo-conversation';
import { demoMix } from './demo-mix';
import { SwitchboardClient, type ClientOptions } from './switchboard-client';

export interface DemoOptions extends ClientOptions {
  conversations: number;
  concurrency: number;
  seed: number;
  waitSeconds: number;
  pollMs?: number;
}

export interface DemoReport {
  startedAt: Date;
  finishedAt: Date;
  articlesAdded: number;
  outcomes: ConversationOutcome[];
  byKind: Record<ScenarioKind, { done: number; failed: number }>;
  summary: Record<string, unknown>;
}

/** A first-response target longer than this cannot be breached while the demo watches. */
const SLOW_SLA_SECONDS = 300;

export async function runDemo(options: DemoOptions, say: (line: string) => void): Promise<DemoReport> {
  const client = new SwitchboardClient(options);
  const startedAt = new Date();
  await client.health();
  const sla = await client.defaultSlaTargets();
  if (sla && sla.firstResponse.some((t) => isoSeconds(t) > SLOW_SLA_SECONDS)) {
    say(`note: the default SLA policy "${sla.name}" has first-response targets of minutes or more (${sla.firstResponse.join(', ')}), ` +
      'so no breach will show while the demo runs, nor issues closing by themselves; start Switchboard with ' +
      'SUPPORT_POLICY=demo for seconds-long timers.');
  }
  const titles = await client.articleTitles();
  const missing = DEMO_ARTICLES.filter((a) => !titles.has(a.title));
  for (const article of missing) await client.addArticle(article);
  say(`knowledge base: ${missing.length} demo article(s) added, ${DEMO_ARTICLES.length - missing.length} already there`);

  const mix = demoMix(options.conversations, options.seed);
  const ctx = { client, runId: randomBytes(3).toString('hex'), waitMs: options.waitSeconds * 1000, pollMs: options.pollMs ?? 1_000 };
  const outcomes: ConversationOutcome[] = new Array(mix.length);
  const byKind = { answered: { done: 0, failed: 0 }, handed_off: { done: 0, failed: 0 }, breached: { done: 0, failed: 0 }, reopened: { done: 0, failed: 0 } };
  let next = 0;
  const progress = setInterval(() => {
    const done = outcomes.filter(Boolean).length;
    say(`  ${done}/${mix.length} conversations done (${Object.entries(byKind).map(([k, v]) => `${k} ${v.done}${v.failed ? `, ${v.failed} failed` : ''}`).join('; ')})`);
  }, 10_000);
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, mix.length) }, async () => {
      while (next < mix.length) {
        const i = next++;
        const outcome = await runConversation(ctx, i, mix[i]!);
        outcomes[i] = outcome;
        byKind[outcome.kind][outcome.error ? 'failed' : 'done'] += 1;
      }
    }));
  } finally {
    clearInterval(progress);
  }
  const finishedAt = new Date();
  const summary = await client.summary(new Date(startedAt.getTime() - 60_000), new Date(finishedAt.getTime() + 60_000));
  return { startedAt, finishedAt, articlesAdded: missing.length, outcomes, byKind, summary };
}

/** Seconds of an ISO-8601 duration of days, hours, minutes and seconds (what SLA targets use). */
export function isoSeconds(duration: string): number {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m) return Number.NaN;
  const [, w, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return (((w! * 7 + d!) * 24 + h!) * 60 + min!) * 60 + s!;
}
