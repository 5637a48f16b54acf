import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The experiment variants as the Temporal UI shows them ("experimentId:variant" each), set when the
 * gateway starts the issue; registered with the other search attributes (src/temporal/search-attribute-names.ts).
 */
export const SwitchboardExperimentKey = defineSearchAttributeKey('SwitchboardExperiment', SearchAttributeType.KEYWORD_LIST);
