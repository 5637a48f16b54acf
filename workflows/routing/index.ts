// The routing workflows (registered by the worker through workflows/index.ts).
export { teamDispatcherWorkflow } from './team-dispatcher';
