import { z } from 'zod';
import { parseDuration } from './duration';
import { PRIORITIES, type Priority } from './priority';

/**
 * The support policy: SLA targets per priority and the customer-facing timers.
 * Configured as JSON in SUPPORT_POLICY; any key left out keeps its default.
 */
const durationSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    try {
      return parseDuration(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const perPrioritySchema = z.object({
  urgent: durationSchema.optional(),
  high: durationSchema.optional(),
  normal: durationSchema.optional(),
  low: durationSchema.optional(),
}).strict();

export const supportPolicyInputSchema = z.object({
  firstResponse: perPrioritySchema.optional(),
  resolution: perPrioritySchema.optional(),
  customerNudge: durationSchema.optional(),
  customerAutoClose: durationSchema.optional(),
  reopenWindow: durationSchema.optional(),
  csatWait: durationSchema.optional(),
}).strict();

/** Resolved policy, every duration in milliseconds. This is what the workflow receives. */
export interface SupportPolicy {
  firstResponseMs: Record<Priority, number>;
  resolutionMs: Record<Priority, number>;
  customerNudgeMs: number;
  customerAutoCloseMs: number;
  reopenWindowMs: number;
  csatWaitMs: number;
  /**
   * When the CSAT question goes out (CSAT_MODE), fixed at the issue's start so a running issue keeps it:
   * off, after an operator's resolution only, or always (also when the assistant's issue closes itself).
   * Absent on issues started before this setting: they ask after an operator's resolution, as they did.
   */
  csatMode?: CsatMode;
  /** one reminder this long after the question when no rating came (CSAT_REMINDER_AFTER); absent: none */
  csatReminderMs?: number;
}

export const CSAT_MODES = ['off', 'operator', 'always'] as const;
export type CsatMode = (typeof CSAT_MODES)[number];

export const DEFAULT_POLICY_TEXT = {
  firstResponse: { urgent: '15m', high: '1h', normal: '4h', low: '1d' },
  resolution: { urgent: '4h', high: '1d', normal: '3d', low: '7d' },
  customerNudge: '1d',
  customerAutoClose: '3d',
  reopenWindow: '7d',
  csatWait: '1d',
} as const;

/**
 * `SUPPORT_POLICY=demo`: every timer in seconds or minutes, so a demo (`npm run demo:traffic`) shows breaches,
 * nudges, issues closing by themselves and reopen windows ending while you watch. Not for real customers.
 */
export const DEMO_POLICY_TEXT = {
  firstResponse: { urgent: '20s', high: '30s', normal: '45s', low: '2m' },
  resolution: { urgent: '2m', high: '3m', normal: '5m', low: '10m' },
  customerNudge: '20s',
  customerAutoClose: '45s',
  reopenWindow: '3m',
  csatWait: '2m',
} as const;

function perPriority(input: Partial<Record<Priority, number>> | undefined, defaults: Record<Priority, string>) {
  const out = {} as Record<Priority, number>;
  for (const p of PRIORITIES) out[p] = input?.[p] ?? parseDuration(defaults[p]);
  return out;
}

export function resolvePolicy(json?: string): SupportPolicy {
  let raw: unknown = {};
  if (json?.trim() === 'demo') {
    raw = DEMO_POLICY_TEXT;
  } else if (json && json.trim()) {
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error('SUPPORT_POLICY is not valid JSON');
    }
  }
  const parsed = supportPolicyInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`SUPPORT_POLICY is invalid: ${z.prettifyError(parsed.error)}`);
  }
  const p = parsed.data;
  const d = DEFAULT_POLICY_TEXT;
  const policy: SupportPolicy = {
    firstResponseMs: perPriority(p.firstResponse, d.firstResponse),
    resolutionMs: perPriority(p.resolution, d.resolution),
    customerNudgeMs: p.customerNudge ?? parseDuration(d.customerNudge),
    customerAutoCloseMs: p.customerAutoClose ?? parseDuration(d.customerAutoClose),
    reopenWindowMs: p.reopenWindow ?? parseDuration(d.reopenWindow),
    csatWaitMs: p.csatWait ?? parseDuration(d.csatWait),
  };
  if (policy.customerAutoCloseMs <= policy.customerNudgeMs) {
    throw new Error('SUPPORT_POLICY is invalid: customerAutoClose must be longer than customerNudge');
  }
  return policy;
}
