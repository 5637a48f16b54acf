/** SLA policies and clocks (pure; the workflow bundle may import it). */
export { MAX_SLA_TARGET_MS, slaDurationMs } from './sla-duration';
export {
  DEFAULT_WARNING_SHARE, resolveTargets, targetFor, unreachableTargets,
  type PolicyInForce, type PolicySnapshot, type SlaTargetMs,
} from './sla-policy';
export {
  slaDurationSchema, slaPolicyDefinitionSchema, slaTargetSchema, type SlaPolicyDefinition, type SlaTargetDefinition,
} from './sla-policy-schema';
export {
  customerWrote, nextSlaDeadline, operatorReplied, pauseSlaClock, recordSlaEvent, resumeSlaClock, retargetSlaClock,
  slaSummary, startSlaClock, stopSlaClock,
  type SlaClock, type SlaDeadline, type SlaEventKind, type SlaSummary, type SlaTimer, type SlaTimerKind,
} from './sla-clock';
export {
  DEFAULT_CALENDAR_ID, DEFAULT_SLA_POLICY_ID, durationText, snapshotOfSupportPolicy, targetsOfSupportPolicy,
} from './support-policy-snapshot';
export { earliestDueAt, overdueTimers, repliedRecently, shownTask, syncTaskDueTimes } from './task-sla';
