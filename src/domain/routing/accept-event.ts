/**
 * Signals come from other processes: a malformed one must not stop a team's routing (a workflow task that throws
 * is retried forever). Each event is checked and normalised before the dispatcher applies it; junk is dropped.
 */
import { PRIORITIES, type Priority } from '../priority';
import type { DispatcherEvent } from './events';
import type { OperatorStatus } from './types';

const STATUSES: readonly OperatorStatus[] = ['online', 'away', 'offline'];

type Fields = Record<string, unknown>;

const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 500;
const texts = (v: unknown): string[] | undefined =>
  Array.isArray(v) && v.length <= 200 && v.every(text) ? [...v] : undefined;
const version = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const timeout = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** The event in the shape the dispatcher trusts, or undefined when it is malformed. */
export function acceptEvent(type: string, raw: unknown): DispatcherEvent | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const p = raw as Fields;
  const optional = (key: string, value: unknown) => (value === undefined ? {} : { [key]: value });
  switch (type) {
    case 'taskWaiting': {
      if (!text(p.taskId) || !text(p.issueId) || !text(p.workflowId) || !text(p.dueAt)) return undefined;
      if (!PRIORITIES.includes(p.priority as Priority)) return undefined;
      if (p.language !== undefined && p.language !== null && !text(p.language)) return undefined;
      const skills = p.skills === undefined || p.skills === null ? [] : texts(p.skills);
      if (!skills) return undefined;
      return {
        type,
        payload: {
          taskId: p.taskId, issueId: p.issueId, workflowId: p.workflowId, priority: p.priority as Priority, dueAt: p.dueAt,
          ...(text(p.language) ? { language: p.language } : {}), ...(skills.length > 0 ? { skills } : {}),
          ...optional('version', version(p.version)), ...optional('offerTimeoutMs', timeout(p.offerTimeoutMs)),
        },
      };
    }
    case 'taskTaken':
    case 'offerDeclined':
      if (!text(p.taskId) || !text(p.operatorId)) return undefined;
      return type === 'taskTaken'
        ? { type, payload: { taskId: p.taskId, operatorId: p.operatorId, ...optional('version', version(p.version)) } }
        : { type, payload: { taskId: p.taskId, operatorId: p.operatorId } };
    case 'taskClosed':
    case 'taskReleased':
      if (!text(p.taskId)) return undefined;
      return { type, payload: { taskId: p.taskId, ...optional('version', version(p.version)) } };
    case 'operatorStatus': {
      const languages = texts(p.languages ?? []);
      const skills = texts(p.skills ?? []);
      const teamIds = texts(p.teamIds ?? []);
      if (!text(p.operatorId) || !STATUSES.includes(p.status as OperatorStatus) || !languages || !skills || !teamIds) return undefined;
      if (typeof p.capacity !== 'number' || !Number.isFinite(p.capacity) || p.capacity < 0) return undefined;
      return {
        type,
        payload: {
          operatorId: p.operatorId, status: p.status as OperatorStatus, capacity: Math.min(Math.floor(p.capacity), 1_000),
          languages, skills, teamIds, ...optional('at', text(p.at) ? p.at : undefined),
          ...optional('offerTimeoutMs', timeout(p.offerTimeoutMs)),
        },
      };
    }
    default:
      return undefined;
  }
}
