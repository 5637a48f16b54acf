import { useQuery } from '@tanstack/react-query';
import { pollInterval } from '../live/console-events';
import { useLiveState } from '../live/live-context';
import { api, ApiError } from './client';
import type { CannedResponse, CustomerCard, Issue, MyRating, Note, Operator, Task, Team } from './types';

export interface QueueFilters {
  scope: 'all' | 'mine' | 'unassigned';
  teamId?: string;
  priority?: string;
  channel?: string;
  status?: string;
}

/** Open human tasks; the server filters (contract), and so does the console, for servers that do not yet. */
export function useTasks(filters: QueueFilters, me: Operator) {
  const live = useLiveState();
  return useQuery({
    queryKey: ['tasks', filters],
    refetchInterval: pollInterval(live),
    queryFn: async () => {
      const query = new URLSearchParams({ limit: '200' });
      if (filters.scope === 'mine') query.set('mine', 'true');
      if (filters.scope === 'unassigned') query.set('unassigned', 'true');
      for (const key of ['teamId', 'priority', 'channel', 'status'] as const) {
        if (filters[key]) query.set(key, filters[key]!);
      }
      const { tasks } = await api<{ tasks: Task[] }>('GET', `/tasks?${query}`);
      return tasks.filter((t) =>
        (filters.scope !== 'mine' || !me.id || t.operatorId === me.id)
        && (filters.scope !== 'unassigned' || !t.operatorId)
        && (!filters.priority || t.priority === filters.priority)
        && (!filters.channel || !t.channel || t.channel === filters.channel)
        && (!filters.status || t.status === filters.status)
        && (!filters.teamId || !t.teamId || t.teamId === filters.teamId));
    },
  });
}

export function useIssue(issueId: string) {
  const live = useLiveState();
  return useQuery({
    queryKey: ['issue', issueId],
    refetchInterval: pollInterval(live),
    queryFn: () => api<{ issue: Issue; live: boolean; stale?: boolean; notes?: Note[]; tags?: string[] }>('GET', `/issues/${issueId}`),
  });
}

/** The signed-in person's own recent CSAT ratings (GET /me/ratings). */
export function useMyRatings() {
  return useQuery({
    queryKey: ['my-ratings'],
    queryFn: () => api<{ ratings: MyRating[]; average: number | null; count: number }>('GET', '/me/ratings'),
    staleTime: 30_000,
  });
}

/** A list that a server may not have yet (404): empty, with `missing` set, instead of an error. */
async function optionalList<T>(path: string, key: string): Promise<{ items: T[]; missing: boolean }> {
  try {
    const body = await api<Record<string, T[]>>('GET', path);
    return { items: body[key] ?? [], missing: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { items: [], missing: true };
    throw error;
  }
}

export const useTeams = () => useQuery({ queryKey: ['teams'], queryFn: () => optionalList<Team>('/teams', 'teams'), staleTime: 60_000 });
export const useOperators = () => useQuery({ queryKey: ['operators'], queryFn: () => optionalList<Operator>('/operators', 'operators'), staleTime: 60_000 });
export const useCannedResponses = () => useQuery({
  queryKey: ['canned-responses'], queryFn: () => optionalList<CannedResponse>('/canned-responses', 'cannedResponses'), staleTime: 60_000,
});

export function useCustomerCard(customerId: string | undefined) {
  return useQuery({
    queryKey: ['customer-card', customerId],
    enabled: Boolean(customerId),
    queryFn: () => api<CustomerCard>('GET', `/customers/${customerId}/card`),
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  });
}
