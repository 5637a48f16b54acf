/**
 * Custom search attributes of the issue workflow, with their Temporal types.
 *
 * Pure data (no imports) so both the workflow bundle and the server-side code (dev server, docker-compose
 * init, gateway queries) share one list. Registering them is the server's job: the dev server gets them as
 * `--search-attribute Name=Type` flags, a real cluster through `temporal operator search-attribute create`.
 */
export const SEARCH_ATTRIBUTE_TYPES = {
  CustomerId: 'Keyword',
  Channel: 'Keyword',
  IssueStatus: 'Keyword',
  Priority: 'Keyword',
  Category: 'Keyword',
  AssignedOperator: 'Keyword',
  SlaDueAt: 'Datetime',
  /** the customer's experiment variants at intake, "experimentId:variant" each (src/experiments/) */
  SwitchboardExperiment: 'KeywordList',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTE_TYPES;
export type SearchAttributeKind = (typeof SEARCH_ATTRIBUTE_TYPES)[SearchAttributeName];
