/**
 * Loaded once into the workers' shared workflow sandbox before any workflow (the bundler's `preloadModules`, see
 * workers/workflow-bundle-options.ts), so it runs before the SDK freezes the sandbox's globals.
 *
 * The SDK records a stack trace for every promise a workflow creates (for the "stack trace" query of the
 * Temporal UI), each frame mapped through the bundle's source map. An issue workflow creates hundreds of
 * promises per message (conditions, cancellation scopes, activities), and with V8's default of ten frames this
 * was the largest single cost of the workflow thread (measured by `npm run bench` with BENCH_CPU_PROFILE_DIR:
 * the promise hook took about a third of it; four frames cut the worker's CPU per answered message by ~7 ms).
 * Four frames still name the place a workflow waits or an error was thrown, in the UI and in the logs.
 */
export const WORKFLOW_STACK_FRAMES = 4;

Error.stackTraceLimit = WORKFLOW_STACK_FRAMES;
