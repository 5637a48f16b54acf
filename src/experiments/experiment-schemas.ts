import { z } from 'zod';
import { CHANNELS } from '../domain/channel';
import { SCENARIO_SETTINGS, SCENARIO_SETTING_NAMES } from './scenario-settings';

const variantSchema = z.object({
  // part of the search attribute "experimentId:variant": short and plain
  name: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ or -, at most 32'),
  share: z.number().gt(0).max(1),
  value: z.unknown(),
});

/** POST /api/v1/experiments */
export const createExperimentSchema = z.object({
  name: z.string().trim().min(1).max(200),
  setting: z.enum(SCENARIO_SETTING_NAMES),
  /** only customers whose issue starts on this channel take part; absent or null: every channel */
  channel: z.enum(CHANNELS).nullish(),
  variants: z.array(variantSchema).min(2).max(10),
}).superRefine((body, ctx) => {
  const total = body.variants.reduce((sum, v) => sum + v.share, 0);
  if (Math.abs(total - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['variants'], message: `shares must sum to 1 (they sum to ${total})` });
  const names = body.variants.map((v) => v.name);
  if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'variant names must differ' });
  body.variants.forEach((variant, i) => {
    const parsed = SCENARIO_SETTINGS[body.setting].safeParse(variant.value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['variants', i, 'value'], message: `not a ${body.setting}: ${parsed.error.issues[0]?.message}` });
    }
  });
}).transform((body) => ({
  ...body,
  channel: body.channel ?? null,
  // stored as validated (trimmed prompt etc.)
  variants: body.variants.map((v) => ({ ...v, value: SCENARIO_SETTINGS[body.setting].parse(v.value) as unknown })),
}));
export type CreateExperiment = z.infer<typeof createExperimentSchema>;

/** POST /api/v1/experiments/{id}/rollout */
export const rolloutSchema = z.object({ variant: z.string().min(1).max(32) });

export const experimentIdSchema = z.uuid();

/** DELETE /api/v1/scenario-settings/{setting}?channel= */
export const rolledOutSettingSchema = z.object({ setting: z.enum(SCENARIO_SETTING_NAMES), channel: z.enum(CHANNELS).optional() });
