// Everything the worker registers as workflows. Keep this file free of anything but workflow exports.
export { supportIssueWorkflowV2 } from './issue-workflow';
// The first version, for issues started before v2 (frozen; see workflows/v1).
export { supportIssueWorkflow } from './v1/issue-workflow';
export { teamDispatcherWorkflow } from './routing';
