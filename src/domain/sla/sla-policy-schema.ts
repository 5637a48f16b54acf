import { z } from 'zod';
import { CHANNELS } from '../channel';
import { PRIORITIES } from '../priority';
import { safeText } from '../safe-text';
import { DEFAULT_WARNING_SHARE } from './sla-policy';
import { slaDurationMs } from './sla-duration';

/**
 * SLA policies as an admin writes them, checked at the API boundary. Kept apart from the policy's pure code:
 * the issue workflow imports that, and zod has no place in the workflow bundle (its modules are evaluated again
 * for every workflow the worker creates).
 */

/** Kept as written (the console shows what the admin typed); checked to be a valid length. */
export const slaDurationSchema = z.string().max(40).superRefine((text, ctx) => {
  try {
    slaDurationMs(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

export const slaTargetSchema = z.object({
  priority: z.enum(PRIORITIES),
  channel: z.enum(CHANNELS).optional(),
  firstResponse: slaDurationSchema,
  nextResponse: slaDurationSchema,
  resolution: slaDurationSchema,
}).strict();
export type SlaTargetDefinition = z.infer<typeof slaTargetSchema>;

export const slaPolicyDefinitionSchema = z.object({
  name: safeText({ max: 200 }),
  calendarId: z.uuid(),
  warningShare: z.number().gt(0).lt(1).default(DEFAULT_WARNING_SHARE),
  targets: z.array(slaTargetSchema).min(1).max(PRIORITIES.length * (CHANNELS.length + 1)),
  /** the policy new tasks get; exactly one policy is the default */
  isDefault: z.boolean().optional(),
}).strict().superRefine((policy, ctx) => {
  const seen = new Set<string>();
  policy.targets.forEach((target, index) => {
    const key = `${target.priority}/${target.channel ?? '*'}`;
    if (seen.has(key)) {
      ctx.addIssue({ code: 'custom', path: ['targets', index], message: `two targets for priority ${target.priority}${target.channel ? ` on ${target.channel}` : ''}` });
    }
    seen.add(key);
  });
  for (const priority of PRIORITIES) {
    if (!seen.has(`${priority}/*`)) {
      ctx.addIssue({ code: 'custom', path: ['targets'], message: `a target for priority ${priority} without a channel is needed (it applies to every channel without its own)` });
    }
  }
});
export type SlaPolicyDefinition = z.infer<typeof slaPolicyDefinitionSchema>;
