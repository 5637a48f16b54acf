/** From the phases' raw samples to the figures the report shows: P1, P2, P3, CPU per message, RSS, errors. */
import { acceptTimes, latencies, throughput, type Sample } from './load';
import type { HistoryProfile } from './history';
import type { PhaseName, PhaseResult } from './phases';
import { median, ratio, summarize, type LatencySummary } from './stats';
import type { SystemName } from './targets';

export interface SystemSummary {
  p1: { perRep: number[]; median: number; messages: number };
  p2: { latency: LatencySummary; p99PerRep: number[]; accept: LatencySummary };
  p3: {
    small: { openAtStart: number[]; newP99: number; openP99: number; new: LatencySummary; open: LatencySummary };
    large: { openAtStart: number[]; newP99: number; openP99: number; new: LatencySummary; open: LatencySummary };
    /** p99 with K open / p99 with the small reference, per kind of message */
    newRatio: number;
    openRatio: number;
  };
  fill: { opened: number; seconds: number; perSecond: number };
  /** one long conversation: latency of its first answers against its last ones (the opening message left out) */
  long?: LongConversationSummary;
  /** CPU milliseconds per answered message, per process, over the P1 and steady phases */
  cpuMsPerMessage: { throughput: Record<string, number>; steady: Record<string, number> };
  peakRssMiB: { wholeRun: Record<string, number>; withKOpen: Record<string, number> };
  history?: HistoryProfile;
  unanswered: number;
  errors: string[];
  replyTexts: Record<string, number>;
}

export interface LongConversationSummary {
  messages: number;
  /** how many answers each end of the conversation pools */
  window: number;
  early: LatencySummary;
  late: LatencySummary;
  /** late median / early median */
  medianRatio: number;
}

/** Answers 2..w+1 against the last w of the one long conversation (w = a tenth of it, at least 5). */
function longConversationSummary(results: PhaseResult[]): LongConversationSummary | undefined {
  const run = results[0];
  if (!run || run.samples.length < 12) return undefined;
  const times = run.samples.map((s) => (s.repliedAt !== undefined && s.acceptedAt !== undefined ? (s.repliedAt - s.acceptedAt) / 1000 : Number.NaN));
  const window = Math.max(5, Math.floor(times.length / 10));
  const early = summarize(times.slice(1, 1 + window).filter((t) => !Number.isNaN(t)));
  const late = summarize(times.slice(-window).filter((t) => !Number.isNaN(t)));
  return { messages: run.samples.length, window, early, late, medianRatio: ratio(early.p50, late.p50) };
}

export interface Summary {
  systems: Partial<Record<SystemName, SystemSummary>>;
  ratios: { p1PerRep: number[]; p1Median: number; p2P99: number; p3NewLarge: number; p3OpenLarge: number };
}

const phases = (all: PhaseResult[], system: SystemName, phase: PhaseName) => all.filter((r) => r.system === system && r.phase === phase);
const pooled = (results: PhaseResult[]): Sample[] => results.flatMap((r) => r.samples);

function cpuPerMessage(results: PhaseResult[]): Record<string, number> {
  const messages = results.reduce((n, r) => n + r.samples.filter((s) => s.repliedAt !== undefined).length, 0);
  const out: Record<string, number> = {};
  for (const r of results) {
    for (const [name, usage] of Object.entries(r.usage)) out[name] = (out[name] ?? 0) + usage.cpuSeconds;
  }
  for (const name of Object.keys(out)) out[name] = messages ? (out[name]! * 1000) / messages : Number.NaN;
  return out;
}

function peakRss(results: PhaseResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    for (const [name, usage] of Object.entries(r.usage)) {
      if (!Number.isNaN(usage.peakRssMiB)) out[name] = Math.max(out[name] ?? 0, usage.peakRssMiB);
    }
  }
  return out;
}

function kinds(results: PhaseResult[]) {
  const samples = pooled(results);
  const fresh = summarize(latencies(samples, 'new'));
  const open = summarize(latencies(samples, 'open'));
  return { openAtStart: results.map((r) => r.openAtStart), newP99: fresh.p99, openP99: open.p99, new: fresh, open };
}

export function summarizeSystem(all: PhaseResult[], system: SystemName, history?: HistoryProfile): SystemSummary {
  const p1Runs = phases(all, system, 'throughput');
  const steady = phases(all, system, 'steady');
  const steadyOpen = phases(all, system, 'steady-open');
  const fillRuns = phases(all, system, 'fill');
  const mine = all.filter((r) => r.system === system);
  const everything = pooled(mine);
  const failed = everything.filter((s) => s.repliedAt === undefined);
  const replyTexts: Record<string, number> = {};
  for (const s of everything) {
    if (s.replyText === undefined) continue;
    const flat = s.replyText.replace(/\s+/g, ' ');
    const key = flat.length > 70 ? `${flat.slice(0, 70)}…` : flat;
    replyTexts[key] = (replyTexts[key] ?? 0) + 1;
  }
  const p1PerRep = p1Runs.map((r) => throughput(r.samples).perSecond);
  const small = kinds(steady);
  const large = kinds(steadyOpen);
  const fillSamples = pooled(fillRuns);
  const fillSeconds = fillRuns.reduce((s, r) => s + r.seconds, 0);
  const opened = fillSamples.filter((s) => s.repliedAt !== undefined).length;
  return {
    p1: { perRep: p1PerRep, median: median(p1PerRep), messages: p1Runs.reduce((n, r) => n + r.samples.length, 0) },
    p2: {
      latency: summarize(latencies(pooled(steady))),
      p99PerRep: steady.map((r) => summarize(latencies(r.samples)).p99),
      accept: summarize(acceptTimes(pooled(steady))),
    },
    p3: { small, large, newRatio: ratio(small.newP99, large.newP99), openRatio: ratio(small.openP99, large.openP99) },
    fill: { opened, seconds: fillSeconds, perSecond: fillSeconds ? opened / fillSeconds : Number.NaN },
    long: longConversationSummary(phases(all, system, 'long')),
    cpuMsPerMessage: { throughput: cpuPerMessage(p1Runs), steady: cpuPerMessage(steady) },
    peakRssMiB: { wholeRun: peakRss(mine), withKOpen: peakRss(steadyOpen) },
    history,
    unanswered: failed.length,
    errors: [...new Set(failed.map((s) => s.error ?? 'unknown'))].slice(0, 5),
    replyTexts,
  };
}

export function summarizeRun(all: PhaseResult[], histories: Partial<Record<SystemName, HistoryProfile>>): Summary {
  const systems: Partial<Record<SystemName, SystemSummary>> = {};
  for (const name of ['baseline', 'pipeline'] as const) {
    if (all.some((r) => r.system === name)) systems[name] = summarizeSystem(all, name, histories[name]);
  }
  const b = systems.baseline;
  const p = systems.pipeline;
  const p1PerRep = b && p ? p.p1.perRep.map((v, i) => ratio(b.p1.perRep[i] ?? Number.NaN, v)) : [];
  return {
    systems,
    ratios: {
      p1PerRep,
      p1Median: median(p1PerRep),
      p2P99: ratio(b?.p2.latency.p99 ?? Number.NaN, p?.p2.latency.p99 ?? Number.NaN),
      p3NewLarge: ratio(b?.p3.large.newP99 ?? Number.NaN, p?.p3.large.newP99 ?? Number.NaN),
      p3OpenLarge: ratio(b?.p3.large.openP99 ?? Number.NaN, p?.p3.large.openP99 ?? Number.NaN),
    },
  };
}
