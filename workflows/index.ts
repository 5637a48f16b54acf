// Everything the worker registers as workflows. Keep this file free of anything but workflow exports.
//
// Each workflow type loads its own modules when a workflow of that type starts, not when the bundle is read: the
// SDK evaluates the modules a workflow loads once per workflow (and keeps them while the workflow is cached), so
// an issue does not pay for the frozen versions or the team dispatcher, nor a dispatcher for the issue workflow.
// (`npm run bench:workflow-cost`: with the shared modules of workflows/sandbox, 227 -> 102 KiB of heap per new issue.)
import type * as Current from './issue-workflow';
import type * as V2 from './v2/issue-workflow';
import type * as V1 from './v1/issue-workflow';
import type * as Routing from './routing';

export const supportIssueWorkflowV4: typeof Current.supportIssueWorkflowV4 = (input) =>
  (require('./issue-workflow') as typeof Current).supportIssueWorkflowV4(input);
export const supportIssueWorkflowV3: typeof Current.supportIssueWorkflowV3 = (input) =>
  (require('./issue-workflow') as typeof Current).supportIssueWorkflowV3(input);
// Earlier versions, for issues started on them (frozen; see workflows/v1 and workflows/v2).
export const supportIssueWorkflowV2: typeof V2.supportIssueWorkflowV2 = (input) =>
  (require('./v2/issue-workflow') as typeof V2).supportIssueWorkflowV2(input);
export const supportIssueWorkflow: typeof V1.supportIssueWorkflow = (input) =>
  (require('./v1/issue-workflow') as typeof V1).supportIssueWorkflow(input);
export const teamDispatcherWorkflow: typeof Routing.teamDispatcherWorkflow = (input) =>
  (require('./routing') as typeof Routing).teamDispatcherWorkflow(input);
