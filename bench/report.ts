/** The run's results as Markdown: the goals' ratios first, then the absolute figures behind them. */
import type { HistoryProfile } from './history';
import type { Summary, SystemSummary } from './summary';

export interface RunInfo {
  startedAt: string;
  finishedAt: string;
  command: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; loadAverageStart: number[]; loadAverageEnd: number[]; node: string };
  database: string;
  temporal: string;
  options: Record<string, unknown>;
  otherProcesses: string;
}

/** NaN (and null, as NaN comes back from JSON) shows as a dash. */
const f = (value: number | null | undefined, digits = 2): string =>
  typeof value !== 'number' || Number.isNaN(value) ? '–' : value.toFixed(digits);
const range = (values: number[], digits = 2): string => {
  const ok = values.filter((v) => !Number.isNaN(v));
  if (ok.length === 0) return '–';
  const lo = Math.min(...ok);
  const hi = Math.max(...ok);
  return lo === hi ? f(lo, digits) : `${f(lo, digits)}–${f(hi, digits)}`;
};
const openRange = (values: number[]) => (values.length ? range(values, 0) : '–');

export function renderMarkdown(info: RunInfo, summary: Summary): string {
  const b = summary.systems.baseline;
  const p = summary.systems.pipeline;
  const r = summary.ratios;
  const o = info.options as { n: number; concurrency: number; rate: number; duration: number; open: number; reps: number; warmup: number };
  const cell = (s: SystemSummary | undefined, get: (s: SystemSummary) => string) => (s ? get(s) : '–');
  const lines: string[] = [];
  lines.push(`# Switchboard benchmark, ${info.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  lines.push('');
  lines.push(`\`${info.command}\``);
  lines.push('');
  lines.push(`Machine: ${info.machine.cores} cores (${info.machine.cpuModel}), ${f(info.machine.memoryGiB, 0)} GiB, Node ${info.machine.node}; ` +
    `load average at start ${info.machine.loadAverageStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${info.machine.loadAverageEnd.map((x) => x.toFixed(2)).join(' / ')} ` +
    `(1/5/15 min). ${info.otherProcesses}`);
  lines.push(`Database: ${info.database}. Temporal: ${info.temporal}. Repetitions: ${o.reps}, baseline and pipeline alternating.`);
  lines.push('');
  lines.push('| | bare Temporal | Switchboard pipeline | pipeline / bare | goal |');
  lines.push('|---|---|---|---|---|');
  lines.push(`| **P1** throughput, ${o.n} customers, ${o.concurrency} in flight (msg/s; median, range) | ` +
    `${cell(b, (s) => `${f(s.p1.median)} (${range(s.p1.perRep)})`)} | ${cell(p, (s) => `${f(s.p1.median)} (${range(s.p1.perRep)})`)} | ` +
    `**${f(r.p1Median)}** (${range(r.p1PerRep)}) | ≥ 0.8 |`);
  lines.push(`| **P2** latency at ${o.rate} msg/s, accepted → reply, p50 / p95 / p99 (s) | ` +
    `${cell(b, (s) => `${f(s.p2.latency.p50)} / ${f(s.p2.latency.p95)} / ${f(s.p2.latency.p99)}`)} | ` +
    `${cell(p, (s) => `${f(s.p2.latency.p50)} / ${f(s.p2.latency.p95)} / ${f(s.p2.latency.p99)}`)} | **${f(r.p2P99)}** (p99) | ≤ 2 |`);
  lines.push(`| P2 p99 per repetition (s) | ${cell(b, (s) => range(s.p2.p99PerRep))} | ${cell(p, (s) => range(s.p2.p99PerRep))} | | |`);
  lines.push(`| P2 time to accept (sent → 202 / signalWithStart), p50 / p99 (s) | ` +
    `${cell(b, (s) => `${f(s.p2.accept.p50, 3)} / ${f(s.p2.accept.p99, 3)}`)} | ${cell(p, (s) => `${f(s.p2.accept.p50, 3)} / ${f(s.p2.accept.p99, 3)}`)} | | |`);
  for (const [label, key] of [['new customer', 'new'], ['open issue', 'open']] as const) {
    const small = (s: SystemSummary) => s.p3.small[key];
    const large = (s: SystemSummary) => s.p3.large[key];
    lines.push(`| **P3** p99 of a message to ${label === 'open issue' ? 'an' : 'a'} ${label}, with ${openRange(b?.p3.small.openAtStart ?? p?.p3.small.openAtStart ?? [])} → ` +
      `${openRange(b?.p3.large.openAtStart ?? p?.p3.large.openAtStart ?? [])} open (s) | ` +
      `${cell(b, (s) => `${f(small(s).p99)} → ${f(large(s).p99)}`)} | ${cell(p, (s) => `${f(small(s).p99)} → ${f(large(s).p99)}`)} | ` +
      `${f(key === 'new' ? r.p3NewLarge : r.p3OpenLarge)} (with K open) | |`);
    lines.push(`| P3 p99 with K open / with few open, ${label} | ${cell(b, (s) => f(key === 'new' ? s.p3.newRatio : s.p3.openRatio))} | ` +
      `**${cell(p, (s) => f(key === 'new' ? s.p3.newRatio : s.p3.openRatio))}** | | ≤ 1.2 |`);
  }
  const long = (s: SystemSummary) => (s.long
    ? `${f(s.long.early.p50)} / ${f(s.long.early.p95)} → ${f(s.long.late.p50)} / ${f(s.long.late.p95)} (**${f(s.long.medianRatio)}**)`
    : '–');
  const longOf = b?.long ?? p?.long;
  if (longOf) {
    lines.push(`| one conversation of ${longOf.messages} messages: answers 2–${longOf.window + 1} → last ${longOf.window}, ` +
      `p50 / p95 (s) (late / early median) | ${cell(b, long)} | ${cell(p, long)} | | ≈ 1 |`);
  }
  lines.push(`| history events per answered message (workflow tasks, activities, markers) | ${cell(b, (s) => historyCell(s.history))} | ` +
    `${cell(p, (s) => historyCell(s.history))} | ${b?.history && p?.history ? f(p.history.events / b.history.events, 1) : '–'} | |`);
  const fill = (s: SystemSummary) => (s.fill.opened ? `${f(s.fill.perSecond)} (${s.fill.opened} in ${f(s.fill.seconds, 0)} s)` : 'none needed');
  lines.push(`| opening issues for P3 (msg/s, ${o.concurrency * 2} in flight) | ${cell(b, fill)} | ${cell(p, fill)} | | |`);
  lines.push(`| messages without a reply (all phases) | ${cell(b, (s) => String(s.unanswered))} | ${cell(p, (s) => String(s.unanswered))} | | 0 |`);
  lines.push('');
  lines.push('P1 counts replies from the first message sent to the last reply received. Latency is from "accepted" (the');
  lines.push("gateway's 202; for the baseline, `signalWithStart` returning in the harness) to the reply arriving at the");
  lines.push('webhook receiver. P2 and P3\'s "few open" reference come from the same steady-rate phase (messages alternate');
  lines.push('between new customers and open conversations); "open" counts the conversations each system has answered and');
  lines.push('keeps open on long timers. Percentiles pool every repetition.');
  for (const [name, s] of [['bare Temporal', b], ['Switchboard', p]] as const) {
    // An open loop near capacity measures a growing queue, not the latency of one message.
    if (s && s.p1.median > 0 && o.rate > 0.7 * s.p1.median) {
      lines.push('', `**Note:** the steady rate (${o.rate} msg/s) is ${f((100 * o.rate) / s.p1.median, 0)} % of ${name}'s measured ` +
        `throughput (${f(s.p1.median)} msg/s): its P2/P3 latencies include queueing. A lower \`--rate\` separates the two.`);
    }
  }
  lines.push('');
  lines.push(...processTable(b, p));
  for (const [name, s] of [['bare Temporal', b], ['Switchboard pipeline', p]] as const) {
    if (s?.history) lines.push('', ...stepsTable(name, s.history));
  }
  const problems = [b, p].flatMap((s, i) => (s?.errors ?? []).map((e) => `- ${i === 0 ? 'baseline' : 'pipeline'}: ${e}`));
  if (problems.length) lines.push('', 'Messages without a reply:', ...problems);
  if (p) {
    lines.push('', 'Switchboard\'s replies (first 70 characters: count):');
    for (const [text, count] of Object.entries(p.replyTexts).sort((x, y) => y[1] - x[1]).slice(0, 4)) lines.push(`- ${count}: ${text}`);
  }
  lines.push('');
  return lines.join('\n');
}

function historyCell(h: HistoryProfile | undefined): string {
  if (!h) return '–';
  const activities = Object.values(h.activities).reduce((a, b) => a + b, 0);
  return `${h.events} (${h.workflowTasks}, ${activities}, ${h.markers})`;
}

function processTable(b: SystemSummary | undefined, p: SystemSummary | undefined): string[] {
  const names = [...new Set([...Object.keys(b?.cpuMsPerMessage.throughput ?? {}), ...Object.keys(p?.cpuMsPerMessage.throughput ?? {})])];
  const lines = [
    'CPU time per answered message (ms, summed over the P1 phases, then the steady-rate phases) and peak RSS (MiB, whole run and with K open), per process.',
    'Every process runs during both systems\' phases; the other system\'s processes idle then (their polling shows as a small figure).',
    ...(names.some((n) => n.startsWith('database')) ? [] : ['The PostgreSQL server is shared with other work on this machine: its CPU is not measured.']),
    '',
    '| process | CPU ms/msg P1: bare | pipeline | CPU ms/msg steady: bare | pipeline | peak RSS MiB (run) | peak RSS MiB (K open) |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const name of names) {
    const rssRun = Math.max(b?.peakRssMiB.wholeRun[name] ?? 0, p?.peakRssMiB.wholeRun[name] ?? 0);
    const rssK = Math.max(b?.peakRssMiB.withKOpen[name] ?? 0, p?.peakRssMiB.withKOpen[name] ?? 0);
    lines.push(`| ${name} | ${f(b?.cpuMsPerMessage.throughput[name], 1)} | ${f(p?.cpuMsPerMessage.throughput[name], 1)} | ` +
      `${f(b?.cpuMsPerMessage.steady[name], 1)} | ${f(p?.cpuMsPerMessage.steady[name], 1)} | ${f(rssRun, 0)} | ${rssK ? f(rssK, 0) : '–'} |`);
  }
  return lines;
}

/** Where one answered message's time went, step by step, from its workflow history. */
function stepsTable(name: string, h: HistoryProfile): string[] {
  const lines = [
    `Where the time goes, ${name}: one new customer's message at the steady rate (${h.workflowId}), ${h.events} events, ` +
      `${f(h.spanMs, 0)} ms from the first event to the last completed step.`,
    '',
    '| step | queue wait (ms) | run (ms) |',
    '|---|---|---|',
  ];
  for (const s of h.steps) lines.push(`| ${s.step} | ${f(s.waitMs, 0)} | ${f(s.runMs, 0)} |`);
  const waits = h.steps.reduce((a, s) => a + (Number.isNaN(s.waitMs) ? 0 : s.waitMs), 0);
  const runs = h.steps.reduce((a, s) => a + (Number.isNaN(s.runMs) ? 0 : s.runMs), 0);
  lines.push(`| total of ${h.steps.length} steps | ${f(waits, 0)} | ${f(runs, 0)} |`);
  return lines;
}
