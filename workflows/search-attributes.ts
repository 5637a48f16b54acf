/** The issue's search attributes, so the Temporal UI can filter issues. Never personal data: ids and enums only. */
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair, type SearchAttributeUpdatePair } from '@temporalio/common';
import type { TypedSearchAttributes } from '@temporalio/common';
import type { IssueState } from '../src/domain/issue';
import { SwitchboardExperimentKey } from '../src/experiments/experiment-search-attribute';
import { slaDueAt } from './deadlines';

export const CustomerIdKey = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const ChannelKey = defineSearchAttributeKey('Channel', SearchAttributeType.KEYWORD);
export const IssueStatusKey = defineSearchAttributeKey('IssueStatus', SearchAttributeType.KEYWORD);
export const PriorityKey = defineSearchAttributeKey('Priority', SearchAttributeType.KEYWORD);
export const CategoryKey = defineSearchAttributeKey('Category', SearchAttributeType.KEYWORD);
export const AssignedOperatorKey = defineSearchAttributeKey('AssignedOperator', SearchAttributeType.KEYWORD);
export const SlaDueAtKey = defineSearchAttributeKey('SlaDueAt', SearchAttributeType.DATETIME);

export function issueSearchAttributes(state: IssueState): SearchAttributeUpdatePair[] {
  const due = slaDueAt(state);
  return [
    { key: CustomerIdKey, value: state.customerId },
    { key: ChannelKey, value: state.channel },
    { key: IssueStatusKey, value: state.status },
    { key: PriorityKey, value: state.priority },
    { key: CategoryKey, value: state.classification?.category ?? null },
    { key: AssignedOperatorKey, value: state.task?.status === 'claimed' ? state.task.operatorId ?? null : null },
    { key: SlaDueAtKey, value: due ? new Date(due) : null },
  ];
}

/** The same attributes without the cleared ones, as start and continue-as-new options want them. */
export function issueSearchAttributesForStart(state: IssueState): SearchAttributePair[] {
  return issueSearchAttributes(state).filter((pair) => pair.value !== null) as SearchAttributePair[];
}

/** The experiment variants of this run ("experimentId:variant"), to carry into the next one. */
export function experimentAttribute(current: TypedSearchAttributes): SearchAttributePair[] {
  const variants = current.get(SwitchboardExperimentKey);
  return variants && variants.length > 0 ? [{ key: SwitchboardExperimentKey, value: variants }] : [];
}
