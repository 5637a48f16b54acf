import type { Db } from '../db/pool';
import { assignVariant, experimentTag } from './assignment';
import { scenarioSourcesOfIssue, type Experiment } from './experiment-store';
import { withSetting, type ScenarioOverrides, type ScenarioSetting } from './scenario-settings';

export interface ExperimentAssignment {
  experimentId: string;
  setting: ScenarioSetting;
  variant: string;
  /** "experimentId:variant", the search attribute's value */
  tag: string;
}

/** The variants one customer gets of the running experiments (the hash decides: no state read or written). */
export function assignmentsOf(experiments: readonly Experiment[], customerId: string): ExperimentAssignment[] {
  return experiments.map((experiment) => {
    const variant = assignVariant(experiment.id, customerId, experiment.variants);
    return { experimentId: experiment.id, setting: experiment.setting, variant, tag: experimentTag(experiment.id, variant) };
  });
}

/**
 * The scenario of one customer's issue, on the channel it was recorded on: rolled-out winners, then the customer's
 * variant of each running experiment (which wins while it runs). Read fresh for each turn in one round trip, so a
 * stopped experiment ends at once.
 */
export async function issueScenario(
  db: Db, customerId: string, issueId: string,
): Promise<{ overrides: ScenarioOverrides; assignments: ExperimentAssignment[] }> {
  const { experiments, rolledOut } = await scenarioSourcesOfIssue(db, issueId);
  return scenarioOf(experiments, rolledOut, customerId);
}

function scenarioOf(
  experiments: readonly Experiment[], rolledOut: readonly { setting: ScenarioSetting; value: unknown }[], customerId: string,
): { overrides: ScenarioOverrides; assignments: ExperimentAssignment[] } {
  let overrides: ScenarioOverrides = {};
  for (const { setting, value } of rolledOut) overrides = withSetting(overrides, setting, value);
  const assignments = assignmentsOf(experiments, customerId);
  for (const assignment of assignments) {
    const experiment = experiments.find((e) => e.id === assignment.experimentId)!;
    const variant = experiment.variants.find((v) => v.name === assignment.variant)!;
    overrides = withSetting(overrides, experiment.setting, variant.value);
  }
  return { overrides, assignments };
}
