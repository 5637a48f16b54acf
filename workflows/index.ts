// Everything the worker registers as workflows. Keep this file free of anything but workflow exports.
export { supportIssueWorkflow } from './issue-workflow';
