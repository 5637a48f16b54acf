/** Recording stand-ins for the activities, for workflow tests (the workflow itself runs for real). */
import type { NotifyDispatcherInput, NotifyDispatcherResult, RoutingActivities } from '../../activities/routing/types';
import type {
  ClassifyInput, CustomerDataLookupInput, DeliverInput, DraftAnswerInput, IssueEvent, ProjectionChange, SupportActivities,
} from '../../activities/types';
import type { Classification, DraftAnswer } from '../../src/domain/issue';
import { answeringAndSending } from '../../activities/answer-and-send';
import { projectingFirst } from '../../activities/carried-projection';
import { resolvePolicy } from '../../src/domain/policy';
import { snapshotOfSupportPolicy, targetFor, type PolicySnapshot } from '../../src/domain/sla';

export interface FakeActivityOptions {
  classify?: (input: ClassifyInput) => Promise<Classification> | Classification;
  draft?: (input: DraftAnswerInput) => Promise<DraftAnswer> | DraftAnswer;
  deliver?: (input: DeliverInput) => Promise<void> | void;
  /** runs before a projection is recorded; throw to make it fail */
  project?: (change: ProjectionChange) => Promise<void> | void;
  /** the SLA policy in force (default: the built-in support policy on a 24/7 calendar) */
  slaPolicy?: PolicySnapshot;
  /** the team dispatcher's answer to a notice (default: someone suitable is online) */
  notifyDispatcher?: (input: NotifyDispatcherInput) => Promise<NotifyDispatcherResult> | NotifyDispatcherResult;
}

export function classification(patch: Partial<Classification> = {}): Classification {
  return {
    category: 'account', intent: 'password_reset', priority: 'normal', sentiment: 'neutral', language: 'en',
    wantsHuman: false, confidence: 0.9, source: 'offline', ...patch,
  };
}

/** Default behaviour: "human" in the text asks for a person; "password" is answerable; anything else escalates. */
export function fakeActivities(options: FakeActivityOptions = {}) {
  const deliveries: DeliverInput[] = [];
  const projections: ProjectionChange[] = [];
  const calls = { classify: 0, draft: 0, lookups: [] as CustomerDataLookupInput[] };
  const turns: ClassifyInput[] = [];
  /** what the issue workflow told the team dispatchers, in order */
  const dispatcherNotices: NotifyDispatcherInput[] = [];
  const activities: SupportActivities & Pick<RoutingActivities, 'notifyDispatcher'> = {
    async notifyDispatcher(input) {
      dispatcherNotices.push(input);
      return options.notifyDispatcher?.(input)
        ?? { workflowId: `dispatcher:${input.teamId ?? 'default'}`, availability: { suitableOnline: 1, withFreeCapacity: 1 } };
    },
    async classifyMessage(input) {
      calls.classify += 1;
      if (options.classify) return options.classify(input);
      return classification({ wantsHuman: /human/i.test(input.text) });
    },
    async draftAnswer(input) {
      calls.draft += 1;
      if (options.draft) return options.draft(input);
      return /password/i.test(input.text)
        ? { decision: 'answer', text: 'Use the "Forgot password" link.', confidence: 0.9, citations: [], reason: 'kb', source: 'offline' }
        : { decision: 'escalate', text: '', confidence: 0.1, citations: [], reason: 'no match', source: 'offline' };
    },
    // The same classify-then-draft order as the real activity (activities/assistant-activities.ts).
    // Carrying the projection as the real activities do (activities/index.ts).
    answerTurn: projectingFirst((change) => activities.projectIssue(change), answeringAndSending(async ({ projection: _p, send: _s, ...input }) => {
      turns.push(input);
      const c = await activities.classifyMessage(input);
      if (c.wantsHuman || c.sentiment === 'negative') return { classification: c };
      return { classification: c, draft: await activities.draftAnswer({ ...input, classification: c }) };
    }, (input) => activities.deliverMessage(input), async (id) => deliveries.find((d) => d.messageId === id)?.text,
    (change) => activities.projectIssue(change))),
    deliverMessage: projectingFirst((change) => activities.projectIssue(change), async ({ projection: _p, ...input }) => {
      await options.deliver?.(input);
      deliveries.push(input);
      return { pushed: true, channel: input.channel };
    }),
    async projectIssue(change) {
      await options.project?.(change);
      projections.push(change);
    },
    async slaPolicyInForce(input) {
      const snapshot = options.slaPolicy ?? snapshotOfSupportPolicy(resolvePolicy(undefined));
      return { ...snapshot, target: targetFor(snapshot, input.priority, input.channel) };
    },
    async lookupCustomerData(input) {
      calls.lookups.push(input);
      return { id: input.call.id, content: JSON.stringify({ orders: [], customerId: input.customerId }) };
    },
  };
  return {
    activities,
    dispatcherNotices,
    /** the input of each assistant turn, in order */
    turns,
    deliveries,
    projections,
    calls,
    events: (): IssueEvent[] => projections.flatMap((p) => p.events ?? []),
    eventTypes: (): string[] => projections.flatMap((p) => (p.events ?? []).map((e) => e.type)),
  };
}
