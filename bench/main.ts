/**
 * `npm run bench`: Switchboard's pipeline against a bare-Temporal baseline on the same dev server, in one run,
 * repetitions alternating. What is measured and how: the "Benchmark" section of README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBenchArgs, USAGE, UsageRequested, type BenchArgs } from './args';
import { fetchProfile, findIssueWorkflowId, type HistoryProfile } from './history';
import {
  fillOpen, longConversation, steadyRate, SystemState, throughputRun, warmUp, type PhaseContext, type PhaseResult,
} from './phases';
import { renderMarkdown, type RunInfo } from './report';
import { QuietFile } from './quiet-file';
import { summarizeRun } from './summary';
import { BASELINE_TASK_QUEUE, startSystemUnderTest, type SystemUnderTest } from './system-under-test';
import { baselineTarget, baselineWorkflowId, pipelineTarget, type SystemName } from './targets';

const say = (line: string) => process.stderr.write(`${line}\n`);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The busiest other processes on the machine right now, for the report's honesty line. */
function otherProcesses(): string {
  try {
    const out = execFileSync('ps', ['-eo', 'pcpu=,comm=', '--sort=-pcpu'], { encoding: 'utf8' });
    const busy = out.trim().split('\n').map((l) => l.trim()).filter((l) => Number.parseFloat(l) >= 5).slice(0, 6);
    return busy.length ? `Busiest processes at start (%CPU since their start): ${busy.join(', ')}.` : 'No other busy process at start.';
  } catch {
    return '';
  }
}

function machine(): RunInfo['machine'] {
  return {
    cores: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '?', memoryGiB: os.totalmem() / 2 ** 30,
    loadAverageStart: os.loadavg(), loadAverageEnd: [], node: process.version,
  };
}

async function countRunning(sut: SystemUnderTest, system: SystemName): Promise<number | undefined> {
  const query = system === 'baseline'
    ? `ExecutionStatus = "Running" AND TaskQueue = "${BASELINE_TASK_QUEUE}"`
    : `ExecutionStatus = "Running" AND TaskQueue != "${BASELINE_TASK_QUEUE}"`;
  try {
    return (await sut.client.workflow.count(query)).count;
  } catch {
    return undefined;
  }
}

async function historyOf(
  sut: SystemUnderTest, phase: PhaseResult, issueIds: Map<string, string>,
): Promise<HistoryProfile | undefined> {
  const answered = phase.samples.find((s) => s.kind === 'new' && s.repliedAt !== undefined);
  if (!answered) return undefined;
  await pause(1_000); // the steps after the reply (if any) land in the history
  try {
    if (phase.system === 'baseline') return await fetchProfile(sut.client, baselineWorkflowId(answered.externalId));
    const issueId = issueIds.get(answered.externalId);
    if (!issueId) return undefined;
    const since = new Date(Date.now() - phase.seconds * 1000 - 60_000);
    const workflowId = await findIssueWorkflowId(sut.pipelineClient, new Set([issueId]), since, BASELINE_TASK_QUEUE);
    return workflowId ? await fetchProfile(sut.pipelineClient, workflowId) : undefined;
  } catch (error) {
    say(`  (could not read a ${phase.system} history: ${(error as Error).message})`);
    return undefined;
  }
}

async function run(args: BenchArgs, sut: SystemUnderTest, info: RunInfo): Promise<void> {
  const issueIds = new Map<string, string>();
  const all: SystemState[] = [
    new SystemState(baselineTarget(sut.client, BASELINE_TASK_QUEUE)),
    new SystemState(pipelineTarget(sut.gatewayUrl, sut.apiKey, issueIds)),
  ].filter((s) => !args.only || s.target.name === args.only);
  // Repetition 1: baseline first; 2: pipeline first; ... so neither always runs on a warmer or busier machine.
  const order = (rep: number) => (rep % 2 === 1 ? all : [...all].reverse());
  const ctx: PhaseContext = { receiver: sut.receiver, pids: sut.pids, say };
  const results: PhaseResult[] = [];
  const histories: Partial<Record<SystemName, HistoryProfile>> = {};
  const running: Record<string, number | undefined> = {};

  const quiet = new QuietFile(args.quietFile, 90_000, say);
  await quiet.on();
  say(`▸ warm-up: ${args.warmup} customers per system, two messages each`);
  for (const s of order(1)) results.push(await warmUp(ctx, s, args.warmup, args.concurrency));
  say(`▸ steady rate: ${args.rate} msg/s for ${args.duration} s (P2, and P3 with few issues open)`);
  for (let rep = 1; rep <= args.reps; rep++) {
    for (const s of order(rep)) {
      await pause(1_000);
      const phase = await steadyRate(ctx, 'steady', s, rep, args.rate, args.duration);
      results.push(phase);
      if (rep === 1) histories[s.target.name] = await historyOf(sut, phase, issueIds);
    }
  }
  say(`▸ throughput: ${args.n} customers, ${args.concurrency} in flight (P1)`);
  for (let rep = 1; rep <= args.reps; rep++) {
    for (const s of order(rep)) {
      await pause(1_000);
      results.push(await throughputRun(ctx, s, rep, args.n, args.concurrency));
    }
  }
  if (args.long > 0) {
    say(`▸ one long conversation per system: ${args.long} messages, each after the previous reply`);
    for (const s of order(1)) results.push(await longConversation(ctx, s, args.long));
  }
  say(`▸ opening issues until ${args.open} are open per system (${args.concurrency * 2} in flight)`);
  quiet.off();
  for (const s of order(1)) results.push(await fillOpen(ctx, s, args.open, args.concurrency * 2));
  await quiet.on();
  for (const s of all) running[s.target.name] = await countRunning(sut, s.target.name);
  say(`  running workflows according to Temporal: ${JSON.stringify(running)}`);
  say(`▸ steady rate with ${args.open} open (P3)`);
  for (let rep = 1; rep <= args.reps; rep++) {
    for (const s of order(rep)) {
      await pause(1_000);
      results.push(await steadyRate(ctx, 'steady-open', s, rep, args.rate, args.duration));
    }
  }

  quiet.off();
  info.finishedAt = new Date().toISOString();
  info.machine.loadAverageEnd = os.loadavg();
  info.temporal += `; running workflows before P3 (Temporal's count): ${Object.entries(running).map(([k, v]) => `${k} ${v ?? '?'}`).join(', ')}`;
  info.temporal += `; replies received ${sut.receiver.received}, repeats dropped ${sut.receiver.duplicates}, unmatched ${sut.receiver.unclaimedCount()}`;
  const summary = summarizeRun(results, histories);
  const markdown = renderMarkdown(info, summary);
  const stamp = info.startedAt.replace(/[:.]/g, '-');
  mkdirSync(args.out, { recursive: true });
  const json = {
    info, summary,
    phases: results.map((r) => (r.phase === 'fill' ? { ...r, samples: r.samples.length } : r)),
  };
  const base = path.join(args.out, `bench-${stamp}${args.quick ? '-quick' : ''}`);
  writeFileSync(`${base}.json`, JSON.stringify(json, null, 1));
  writeFileSync(`${base}.md`, markdown);
  if (!args.quick) {
    copyFileSync(`${base}.md`, path.join(args.out, 'latest.md'));
    copyFileSync(`${base}.json`, path.join(args.out, 'latest.json'));
  }
  process.stdout.write(`${markdown}\n`);
  say(`▸ results: ${base}.md and .json${args.quick ? '' : ` (also ${path.join(args.out, 'latest.md')})`}; logs in ${sut.logDir}`);
}

async function main(): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(process.argv.slice(2), process.env, path.resolve(__dirname, 'results'));
  } catch (error) {
    if (error instanceof UsageRequested) {
      say(USAGE);
      return 0;
    }
    say(`✗ ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const startedAt = new Date().toISOString();
  const info: RunInfo = {
    startedAt, finishedAt: '', command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), machine: machine(),
    database: '', temporal: 'dev server (temporal server start-dev, SQLite file in a temp dir, headless)',
    options: { ...args, databaseUrl: args.databaseUrl ? '(given)' : undefined }, otherProcesses: otherProcesses(),
  };
  const cleanup: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => (stopping ??= (async () => {
    say('▸ stopping everything the benchmark started …');
    for (const step of cleanup.splice(0).reverse()) await step().catch((e) => say(`  (a stop step failed: ${(e as Error).message})`));
  })());
  const interrupted = new Promise<number>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      say(`▸ ${signal}: interrupting`);
      void stopAll().then(() => resolve(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const work = (async () => {
    const logDir = path.join(args.out, `logs-${startedAt.replace(/[:.]/g, '-')}`);
    const sut = await startSystemUnderTest(args, logDir, say, cleanup);
    info.database = sut.databaseDescription;
    await run(args, sut, info);
    return 0;
  })();
  try {
    return await Promise.race([work, interrupted]);
  } catch (error) {
    say(`✗ ${(error as Error).stack ?? error}`);
    return 1;
  } finally {
    await stopAll();
  }
}

main().then((code) => process.exit(code));
