/**
 * Loaded once into the workers' shared workflow sandbox before any workflow (the bundler's `preloadModules`, see
 * workers/workflow-bundle-options.ts): the modules the issue workflows use that hold no per-workflow state.
 *
 * The SDK evaluates every module that is not loaded by then again for each workflow it creates or replays (each
 * workflow gets a module cache of its own), and keeps those instances for as long as the workflow is cached. A
 * worker with thousands of open issues creates a workflow for nearly every message to an issue it no longer caches,
 * so what is evaluated per workflow is paid in CPU, in garbage and in memory per cached issue. Preloaded modules
 * are shared and deep-frozen by the SDK: only pure code belongs here — luxon (its caches are keyed by zone and
 * format, the same for every workflow; it reads the clock through the sandbox's deterministic `Date`) and the
 * support domain's rules (src/domain: functions of their arguments). Never a module of workflows/ (patches.ts keeps
 * per-run state) nor one that reads the workflow context when loaded.
 * test/workflow/shared-modules.test.ts checks that no module under src/ nor luxon is left per workflow.
 */
import 'luxon';
import '../../src/domain/priority';
import '../../src/domain/state-budget';
import '../../src/domain/turn-decision';
import '../../src/domain/customer-texts';
import '../../src/domain/csat-reply';
import '../../src/domain/routing';
import '../../src/domain/routing/task-notices';
import '../../src/domain/routing/apply-event';
import '../../src/domain/sla/task-sla';
import '../../src/domain/sla/sla-clock';
import '../../src/domain/sla/sla-policy';
import '../../src/domain/sla/support-policy-snapshot';
import '../../src/domain/calendar/answer-expected';
import '../../src/experiments/experiment-search-attribute';
