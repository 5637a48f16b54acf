import type { Db } from '../db/pool';
import { analyticsQuery } from '../analytics/definitions/analytics-db';
import { DEFINITIONS } from '../analytics/definitions/definitions';
import { automatedSql, issueFactsSql } from '../analytics/definitions/issue-facts-sql';
import type { Experiment } from './experiment-store';
import {
  mannWhitneyU, meanWithInterval, medianWithInterval, twoProportionZTest, wilsonInterval, type Interval,
} from './significance';

/** Below these the normal approximations behind the tests are not trusted: the results carry a warning. */
export const MIN_SUCCESSES_AND_FAILURES = 10;
export const MIN_RANK_SAMPLE = 20;
const ALPHA = 0.05;

export const RESULT_DEFINITIONS = {
  issues: 'Issues created while the experiment ran ([startedAt, stoppedAt or now)) by customers assigned to it, on its channel when it has one; each counts for its customer\'s variant.',
  automationRate: DEFINITIONS.automationRate,
  escalationRate: DEFINITIONS.handoffRate,
  csat: DEFINITIONS.csat,
  resolutionSeconds: DEFINITIONS.resolutionSeconds,
  comparison: 'Each variant against the first (the control): rates by a two-proportion z-test (pooled standard error; interval of the difference from the unpooled one), CSAT and resolution time by a Mann–Whitney U test (normal approximation, ties corrected, continuity ½); two-sided, significant at p < 0.05. Intervals are 95 %: Wilson for rates, mean ± 1.96·s/√n for CSAT, order statistics for the median.',
  warning: `sampleTooSmall while any comparison lacks the data its approximation needs: for a rate, at least ${MIN_SUCCESSES_AND_FAILURES} issues with and ${MIN_SUCCESSES_AND_FAILURES} without the outcome in each of the two variants (the success–failure condition); for CSAT and resolution time, at least ${MIN_RANK_SAMPLE} values in each.`,
} as const;

interface IssueOutcome {
  variant: string;
  automated: boolean;
  escalated: boolean;
  csat: number | null;
  resolution_seconds: number | null;
}

type Rate = { value: number | null; successes: number; n: number; interval: Interval | null };
type Comparison = { difference?: number; interval?: Interval; u?: number; z: number; p: number; significant: boolean } | null;

export interface VariantResult {
  name: string;
  share: number;
  issues: number;
  automationRate: Rate;
  escalationRate: Rate;
  csat: { average: number | null; responses: number; interval: Interval | null };
  resolutionSeconds: { median: number | null; resolved: number; interval: Interval | null };
  /** against the control (absent on the control itself) */
  comparison?: { automationRate: Comparison; escalationRate: Comparison; csat: Comparison; resolutionSeconds: Comparison };
}

/** One comparison the data cannot carry yet, and which rule it fails. */
export interface SampleWarning {
  variant: string;
  metric: 'automationRate' | 'escalationRate' | 'csat' | 'resolutionSeconds';
  rule: 'success_failure' | 'rank_sample';
  message: string;
}

export interface ExperimentResults {
  experiment: Experiment;
  control: string;
  variants: VariantResult[];
  sampleTooSmall: boolean;
  warnings: SampleWarning[];
  definitions: typeof RESULT_DEFINITIONS;
}

async function outcomesOf(db: Db, experiment: Experiment): Promise<IssueOutcome[]> {
  const params: unknown[] = [];
  const to = experiment.stoppedAt ? new Date(experiment.stoppedAt) : new Date(Date.now() + 1_000);
  const facts = issueFactsSql({ from: new Date(experiment.startedAt), to }, {}, params);
  params.push(experiment.id);
  const experimentParam = `$${params.length}`;
  let channelClause = '';
  if (experiment.channel) {
    params.push(experiment.channel);
    channelClause = ` AND f.channel = $${params.length}`;
  }
  const sql = `${facts}
    SELECT a.variant, ${automatedSql('switchboard')} AS automated, f.has_task AS escalated, f.csat, f.resolution_seconds
    FROM facts f JOIN issues i ON i.id = f.id
    JOIN experiment_assignments a ON a.customer_id = i.customer_id AND a.experiment_id = ${experimentParam}
    WHERE true${channelClause}`;
  return (await analyticsQuery(db, sql, params)) as IssueOutcome[];
}

function rate(rows: IssueOutcome[], pick: (r: IssueOutcome) => boolean): Rate {
  const successes = rows.filter(pick).length;
  return { value: rows.length ? successes / rows.length : null, successes, n: rows.length, interval: wilsonInterval(successes, rows.length) };
}

const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null && v !== undefined).map(Number);

/** GET /experiments/{id}/results: outcomes per variant, each compared with the control. */
export async function experimentResults(db: Db, experiment: Experiment): Promise<ExperimentResults> {
  const outcomes = await outcomesOf(db, experiment);
  const warnings: SampleWarning[] = [];
  const byVariant = experiment.variants.map((v) => ({ variant: v, rows: outcomes.filter((o) => o.variant === v.name) }));
  const [control] = byVariant;
  const controlCsat = present(control.rows.map((r) => r.csat));
  const controlDurations = present(control.rows.map((r) => r.resolution_seconds));

  const variants = byVariant.map(({ variant, rows }, index): VariantResult => {
    const csat = present(rows.map((r) => r.csat));
    const durations = present(rows.map((r) => r.resolution_seconds));
    const automationRate = rate(rows, (r) => r.automated);
    const escalationRate = rate(rows, (r) => r.escalated);
    const { mean, interval: csatInterval } = meanWithInterval(csat);
    const { median, interval: medianInterval } = medianWithInterval(durations);
    const result: VariantResult = {
      name: variant.name, share: variant.share, issues: rows.length, automationRate, escalationRate,
      csat: { average: mean, responses: csat.length, interval: csatInterval },
      resolutionSeconds: { median, resolved: durations.length, interval: medianInterval },
    };
    if (index === 0) return result;
    const rateComparison = (metric: 'automationRate' | 'escalationRate'): Comparison => {
      const a = control.rows.length ? rate(control.rows, metric === 'automationRate' ? (r) => r.automated : (r) => r.escalated) : undefined;
      const b = result[metric];
      const enough = (r?: Rate) => r && r.successes >= MIN_SUCCESSES_AND_FAILURES && r.n - r.successes >= MIN_SUCCESSES_AND_FAILURES;
      if (!enough(a) || !enough(b)) {
        warnings.push({ variant: variant.name, metric, rule: 'success_failure',
          message: `${variant.name} vs ${control.variant.name}: ${metric} needs at least ${MIN_SUCCESSES_AND_FAILURES} issues with and without the outcome in each variant` });
      }
      const test = a ? twoProportionZTest({ successes: a.successes, n: a.n }, { successes: b.successes, n: b.n }) : null;
      return test && { ...test, significant: test.p < ALPHA };
    };
    const rankComparison = (metric: 'csat' | 'resolutionSeconds', base: number[], values: number[]): Comparison => {
      if (base.length < MIN_RANK_SAMPLE || values.length < MIN_RANK_SAMPLE) {
        warnings.push({ variant: variant.name, metric, rule: 'rank_sample',
          message: `${variant.name} vs ${control.variant.name}: ${metric} needs at least ${MIN_RANK_SAMPLE} values in each variant` });
      }
      const test = mannWhitneyU(base, values);
      return test && { u: test.u, z: test.z, p: test.p, significant: test.p < ALPHA };
    };
    result.comparison = {
      automationRate: rateComparison('automationRate'),
      escalationRate: rateComparison('escalationRate'),
      csat: rankComparison('csat', controlCsat, csat),
      resolutionSeconds: rankComparison('resolutionSeconds', controlDurations, durations),
    };
    return result;
  });
  return {
    experiment, control: control.variant.name, variants, sampleTooSmall: warnings.length > 0, warnings, definitions: RESULT_DEFINITIONS,
  };
}
