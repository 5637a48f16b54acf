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

const percentiles = (row: Row, name: string): Percentiles => ({ median: num(row[`${name}_median`]), p90: num(row[`${name}_p90`]) });

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
    firstResponseSeconds: { median: num(i.first_response_median), p90: num(i.first_response_p90) },
    humanFirstResponseSeconds: { median: num(i.human_first_response_median), p90: num(i.human_first_response_p90) },
    resolutionSeconds: { median: num(i.resolution_median), p90: num(i.resolution_p90) },
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
