/** How the workflow bundle is built: the same for the worker (bundled at start) and the tests' prebuilt bundle. */

/** workflows/interceptors.ts, registered on every workflow */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/interceptors')];

/**
 * Evaluated once in the shared sandbox, before any workflow exists (the SDK's `bundlerOptions.preloadModules`):
 * only modules without per-workflow state. See workflows/sandbox/stack-trace-depth.ts and shared-modules.ts.
 */
export const WORKFLOW_PRELOAD_MODULES = [
  require.resolve('../workflows/sandbox/stack-trace-depth'),
  require.resolve('../workflows/sandbox/shared-modules'),
];
