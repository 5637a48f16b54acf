import type { AutomationDefinition } from './query-params';

/** The figures of one range or slice, as the API answers them (names kept from issue 10; rates 0..1 or null). */
export interface Figures {
  issues: number;
  automationRate: number | null;
  automationDefinition: AutomationDefinition;
  automationRates: Record<AutomationDefinition, number | null>;
  handoffRate: number | null;
  reopenRate: number | null;
  firstResponseSeconds: { median: number | null; p90: number | null };
  humanFirstResponseSeconds: { median: number | null; p90: number | null };
  resolutionSeconds: { median: number | null; p90: number | null };
  resolved: number;
  finalResolutionSeconds: { median: number | null; p90: number | null };
  nextResponseSeconds: { median: number | null; p90: number | null };
  nextResponses: number;
  /** the same durations counted in business hours (the issue's calendar) */
  businessHours: {
    firstResponseSeconds: Percentiles;
    humanFirstResponseSeconds: Percentiles;
    nextResponseSeconds: Percentiles;
    resolutionSeconds: Percentiles;
    finalResolutionSeconds: Percentiles;
  };
  csat: { average: number | null; responses: number; share4or5: number | null };
  slaCompliance: number | null;
  slaComplianceByTarget: { firstResponse: number | null; nextResponse: number | null; resolution: number | null };
  slaTasks: number;
  backlog: number;
}

type Percentiles = { median: number | null; p90: number | null };
type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** a column of percentile_cont(ARRAY[0.5, 0.9]): null, or [median, p90] */
function percentiles(row: Row, name: string): Percentiles {
  const pair = row[name] as (number | null)[] | null | undefined;
  return { median: num(pair?.[0]), p90: num(pair?.[1]) };
}

/** One row of figuresSql (issues), one of SLA_FIGURES_SQL (tasks) and a backlog count, as Figures. */
export function figuresOf(automation: AutomationDefinition, issues: Row | undefined, sla: Row | undefined, backlog: number): Figures {
  const i = issues ?? {};
  const s = sla ?? {};
  return {
    issues: Number(i.issues ?? 0),
    automationRate: num(i.automation_rate),
    automationDefinition: automation,
    automationRates: {
      switchboard: num(i.automation_switchboard), silence24h: num(i.automation_silence24h), silence72h: num(i.automation_silence72h),
    },
    handoffRate: num(i.handoff_rate),
    reopenRate: num(i.reopen_rate),
    firstResponseSeconds: percentiles(i, 'first_response'),
    humanFirstResponseSeconds: percentiles(i, 'human_first_response'),
    resolutionSeconds: percentiles(i, 'resolution'),
    resolved: Number(i.resolved ?? 0),
    finalResolutionSeconds: percentiles(i, 'final_resolution'),
    nextResponseSeconds: percentiles(i, 'next_response'),
    nextResponses: Number(i.next_responses ?? 0),
    businessHours: {
      firstResponseSeconds: percentiles(i, 'business_first_response'),
      humanFirstResponseSeconds: percentiles(i, 'business_human_first_response'),
      nextResponseSeconds: percentiles(i, 'business_next_response'),
      resolutionSeconds: percentiles(i, 'business_resolution'),
      finalResolutionSeconds: percentiles(i, 'business_final_resolution'),
    },
    csat: { average: num(i.csat_average), responses: Number(i.csat_responses ?? 0), share4or5: num(i.csat_share_4_or_5) },
    slaCompliance: num(s.sla_compliance),
    slaComplianceByTarget: {
      firstResponse: num(s.sla_first_response), nextResponse: num(s.sla_next_response), resolution: num(s.sla_resolution),
    },
    slaTasks: Number(s.sla_tasks ?? 0),
    backlog,
  };
}
