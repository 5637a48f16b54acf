import { z } from 'zod';

/**
 * The scenario settings an experiment can vary, with the shape of each one's value. Pure data and zod only, so
 * the gateway (validation), the worker (applying them) and the console's contract share one list.
 */
export const SCENARIO_SETTINGS = {
  /** replaces the assistant's answer instructions (ChatGPT); its JSON answer format still applies */
  system_prompt: z.string().trim().min(1).max(8_000),
  /** wraps every answer the assistant sends: must contain {answer} */
  answer_template: z.string().max(4_000).refine((t) => t.includes('{answer}'), 'must contain {answer}'),
  /** the confidence from which the assistant answers on its own instead of handing over (0..1) */
  confidence_threshold: z.number().min(0).max(1),
  /** sent before the assistant's first reply of an issue ('' = no greeting) */
  greeting: z.string().max(1_000),
  /** whether the assistant answers at all (false: every message goes to a person) */
  assistant_enabled: z.boolean(),
} as const;

export type ScenarioSetting = keyof typeof SCENARIO_SETTINGS;
export const SCENARIO_SETTING_NAMES = Object.keys(SCENARIO_SETTINGS) as [ScenarioSetting, ...ScenarioSetting[]];

/** The values in force for one customer's turn; absent: the built-in behaviour. */
export interface ScenarioOverrides {
  systemPrompt?: string;
  answerTemplate?: string;
  confidenceThreshold?: number;
  greeting?: string;
  assistantEnabled?: boolean;
}

const OVERRIDE_KEY: Record<ScenarioSetting, keyof ScenarioOverrides> = {
  system_prompt: 'systemPrompt',
  answer_template: 'answerTemplate',
  confidence_threshold: 'confidenceThreshold',
  greeting: 'greeting',
  assistant_enabled: 'assistantEnabled',
};

/** Sets one setting's value on the overrides (the value was validated against SCENARIO_SETTINGS). */
export function withSetting(overrides: ScenarioOverrides, setting: ScenarioSetting, value: unknown): ScenarioOverrides {
  return { ...overrides, [OVERRIDE_KEY[setting]]: value };
}
