// Everything the worker registers as workflows. Keep this file free of anything but workflow exports.
export { supportIssueWorkflowV3, supportIssueWorkflowV4 } from './issue-workflow';
// Earlier versions, for issues started on them (frozen; see workflows/v1 and workflows/v2).
export { supportIssueWorkflowV2 } from './v2/issue-workflow';
export { supportIssueWorkflow } from './v1/issue-workflow';
export { teamDispatcherWorkflow } from './routing';
