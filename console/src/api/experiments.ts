import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** The experiments API's answers (src/experiments on the server; rates 0..1, durations in seconds). */
export const SCENARIO_SETTINGS = ['system_prompt', 'answer_template', 'confidence_threshold', 'greeting', 'assistant_enabled'] as const;
export type ScenarioSetting = (typeof SCENARIO_SETTINGS)[number];

export interface Variant { name: string; share: number; value: unknown }
export interface Experiment {
  id: string; name: string; setting: ScenarioSetting; channel: string | null; variants: Variant[];
  status: 'running' | 'stopped'; startedAt: string; stoppedAt: string | null; winner: string | null;
}
export interface RolledOutSetting { setting: ScenarioSetting; channel: string | null; value: unknown; experimentId: string | null; updatedAt: string }
export interface Interval { low: number; high: number }
export interface Comparison { difference?: number; interval?: Interval; u?: number; z: number; p: number; significant: boolean }
interface Rate { value: number | null; successes: number; n: number; interval: Interval | null }
export interface VariantResult {
  name: string; share: number; issues: number; automationRate: Rate; escalationRate: Rate;
  csat: { average: number | null; responses: number; interval: Interval | null };
  resolutionSeconds: { median: number | null; resolved: number; interval: Interval | null };
  comparison?: Record<Metric, Comparison | null>;
}
export type Metric = 'automationRate' | 'escalationRate' | 'csat' | 'resolutionSeconds';
export interface SampleWarning { variant: string; metric: Metric; rule: 'success_failure' | 'rank_sample'; message: string }
export interface ExperimentResults {
  experiment: Experiment; control: string; variants: VariantResult[]; sampleTooSmall: boolean; warnings: SampleWarning[];
  definitions: Record<string, string>;
}

export const useExperiments = () => useQuery({
  queryKey: ['experiments'], queryFn: () => api<{ experiments: Experiment[] }>('GET', '/experiments'),
});

export const useExperimentResults = (id: string | undefined) => useQuery({
  queryKey: ['experiments', id, 'results'], enabled: id !== undefined,
  queryFn: () => api<ExperimentResults>('GET', `/experiments/${id}/results`),
});
