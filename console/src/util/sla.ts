import { useEffect, useState } from 'react';
import type { Task } from '../api/types';

/** The current time, ticking every `everyMs`: drives the live SLA countdowns. */
export function useNow(everyMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export type SlaState = 'ok' | 'atRisk' | 'breached' | 'paused';

/** The deadline that matters now: first response until the first reply, then resolution. */
export function dueAt(task: Pick<Task, 'slaDueAt' | 'firstRespondedAt' | 'firstResponseDueAt' | 'resolutionDueAt'>): string {
  return task.slaDueAt ?? (task.firstRespondedAt ? task.resolutionDueAt : task.firstResponseDueAt);
}

/**
 * Breached when the server says so or the deadline passed; at risk when the server says so, or past the
 * warning time, or (a server without warning times) past 80 % of the time from creation to the deadline.
 */
export function slaState(task: Task, now: number): SlaState {
  const due = Date.parse(dueAt(task));
  const breached = Array.isArray(task.breached) ? task.breached.length > 0 : task.breached;
  if (breached) return 'breached';
  // waiting on the customer: nothing counts until they write
  if (task.slaPausedSince) return 'paused';
  if (now >= due) return 'breached';
  if (task.atRisk) return 'atRisk';
  const warnAt = task.warningAt ? Date.parse(task.warningAt) : Date.parse(task.createdAt) + 0.8 * (due - Date.parse(task.createdAt));
  return now >= warnAt ? 'atRisk' : 'ok';
}

/** "1:05:09", "4:03", "-2:10" (overdue) */
export function formatCountdown(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}

/** "3 min", "2 h 5 min" for waiting times */
export function formatWaiting(ms: number, units: { min: string; h: string; d: string }): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} ${units.min}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ${units.h} ${minutes % 60} ${units.min}`;
  return `${Math.floor(hours / 24)} ${units.d}`;
}
