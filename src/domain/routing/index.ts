/** Routing of human tasks to operators: pure, deterministic code shared by the dispatcher workflow and tests. */
export * from './types';
export * from './events';
export { applyEvent, closeOffersById, DEFAULT_TEAM } from './apply-event';
export { acceptEvent } from './accept-event';
export { reconcileEvents } from './reconcile';
export { taskNotices, taskSnapshotOf, type TaskSnapshot, type DispatcherNotice, type IssueRef } from './task-notices';
export { routeNow, planOffers, expireOffers, withdrawUnfit, nextWakeAt, markFullElsewhere, type RoutingStep } from './plan-offers';
export { compareTasks } from './queue-order';
export { isSuitable, loadOf, hasFreeCapacity } from './suitability';
export { queueView, availability, type QueueView, type Availability } from './queue-view';
