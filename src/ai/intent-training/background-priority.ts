import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

const LOWEST = 19;

/**
 * Lowers the calling thread's CPU priority to the lowest (Linux: a thread has its own nice value, named by its
 * thread id). Training is background work: on a small machine it must yield the CPU to the worker's event loop,
 * the Temporal server and the database, not compete with them. Elsewhere this is a no-op.
 */
export function runInBackgroundPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, LOWEST);
  } catch {
    // no /proc or not permitted: train at normal priority
  }
}
