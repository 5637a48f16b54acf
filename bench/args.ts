/** `npm run bench` options: parsed with node:util, validated with zod; `--quick` only changes the defaults. */
import { parseArgs } from 'node:util';
import { z } from 'zod';

const DEFAULTS = { n: 300, rate: 2, duration: 30, open: 1_000, reps: 3, warmup: 10, concurrency: 32, long: 500 } as const;
/** Small enough to check the harness itself in about two minutes. */
const QUICK_DEFAULTS = { n: 24, rate: 2, duration: 10, open: 60, reps: 1, warmup: 10, concurrency: 32, long: 30 } as const;

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  db: z.enum(['pg', 'embedded']),
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  n: count(1, 1_000_000),
  rate: z.coerce.number().positive().max(1_000),
  duration: z.coerce.number().positive().max(3_600),
  open: count(1, 1_000_000),
  reps: count(1, 100),
  warmup: count(1, 10_000),
  concurrency: count(1, 1_024),
  long: count(0, 100_000),
  only: z.enum(['baseline', 'pipeline']).optional(),
  out: z.string().min(1),
  portBase: count(1_024, 65_000).optional(),
  quietFile: z.string().min(1).optional(),
  quick: z.boolean(),
}).strict().superRefine((args, ctx) => {
  if (args.db === 'pg' && !args.databaseUrl) {
    ctx.addIssue({ code: 'custom', path: ['databaseUrl'], message: '--db pg needs --database-url or DATABASE_URL' });
  }
  if (args.warmup > args.open) {
    ctx.addIssue({ code: 'custom', path: ['open'], message: `--open must be at least the ${args.warmup} warm-up customers` });
  }
});

export type BenchArgs = z.infer<typeof schema>;

export const USAGE = `npm run bench -- [options]
  --db pg|embedded     database: PostgreSQL (a fresh database per run, from --database-url or DATABASE_URL) or
                       the embedded PGlite (default)
  --database-url URL   PostgreSQL server for --db pg
  --n N                customers for P1 throughput (default ${DEFAULTS.n}; quick ${QUICK_DEFAULTS.n})
  --concurrency C      messages in flight for P1 (default ${DEFAULTS.concurrency})
  --rate R             messages/s for the steady-rate latency phases P2 and P3 (default ${DEFAULTS.rate})
  --duration S         seconds of each steady-rate phase (default ${DEFAULTS.duration}; quick ${QUICK_DEFAULTS.duration})
  --open K             open issues for P3 (default ${DEFAULTS.open}; quick ${QUICK_DEFAULTS.open})
  --warmup W           warm-up customers per system, also P3's small reference (default ${DEFAULTS.warmup})
  --long M             messages in one long conversation, each after the previous reply (default ${DEFAULTS.long};
                       quick ${QUICK_DEFAULTS.long}; 0 skips it)
  --reps R             repetitions of each phase, baseline and pipeline alternating (default ${DEFAULTS.reps})
  --only baseline|pipeline
  --out DIR            where results go (default bench/results)
  --port-base P        loopback ports P..P+4 (default: free ports)
  --quiet-file PATH    exists while a measured phase runs (not while issues are opened for P3), so other work
                       on a shared machine can wait for it to go away
  --quick              smaller defaults, to check the harness (~2 minutes)`;

/** Parses argv (without node and script); env supplies DATABASE_URL. Throws a readable Error on bad input. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}, defaultOut = 'bench/results'): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      db: { type: 'string' }, 'database-url': { type: 'string' }, n: { type: 'string' }, rate: { type: 'string' },
      duration: { type: 'string' }, open: { type: 'string' }, reps: { type: 'string' }, warmup: { type: 'string' },
      concurrency: { type: 'string' }, long: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' }, 'port-base': { type: 'string' },
      'quiet-file': { type: 'string' },
      quick: { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) throw new UsageRequested();
  const quick = values.quick ?? false;
  const d = quick ? QUICK_DEFAULTS : DEFAULTS;
  const result = schema.safeParse({
    db: values.db ?? 'embedded',
    databaseUrl: values['database-url'] ?? (values.db === 'pg' ? env.DATABASE_URL || undefined : undefined),
    n: values.n ?? d.n,
    rate: values.rate ?? d.rate,
    duration: values.duration ?? d.duration,
    open: values.open ?? d.open,
    reps: values.reps ?? d.reps,
    warmup: values.warmup ?? d.warmup,
    concurrency: values.concurrency ?? d.concurrency,
    long: values.long ?? d.long,
    only: values.only,
    out: values.out ?? defaultOut,
    portBase: values['port-base'],
    quietFile: values['quiet-file'],
    quick,
  });
  if (!result.success) {
    throw new Error(result.error.issues.map((i) => `--${camelToFlag(String(i.path[0] ?? ''))}: ${i.message}`).join('\n'));
  }
  return result.data;
}

export class UsageRequested extends Error {
  override name = 'UsageRequested';
}

function camelToFlag(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
