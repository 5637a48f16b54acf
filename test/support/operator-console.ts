/**
 * An operator at the console, through the HTTP API only: watches the task list, claims each new task, replies
 * once and resolves, the way a console client would behave under faults: a 503 is retried with the same
 * Idempotency-Key, a task put back in the queue by an SLA breach is claimed again.
 */
import type { ApiCall } from './http-ledger';

export interface ListedTask {
  taskId: string;
  issueId: string;
  status: 'queued' | 'claimed';
  firstResponseDueAt: string;
  resolutionDueAt: string;
}

/** When to act on the n-th task seen (epoch ms; undefined = at once): lets a test make SLA deadlines pass. */
export type OperatorPace = (task: ListedTask, ordinal: number) => { replyAt?: number; resolveAt?: number };

export interface ConfirmedReply {
  taskId: string;
  issueId: string;
  /** the id the API confirmed with 201 */
  messageId: string;
  text: string;
}

const RETRY_MS = 400;
const GIVE_UP_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class OperatorConsole {
  readonly replies: ConfirmedReply[] = [];
  readonly resolvedTasks = new Set<string>();
  /** tasks given up after an unexpected answer (listed in `failures`) */
  private readonly failedTasks = new Set<string>();
  /** answers the console did not expect (anything but success, 503 and a lost claim); each fails the test */
  readonly failures: string[] = [];
  /** 503 answers retried */
  retried503 = 0;
  /** claims repeated because an SLA breach had put the task back in the queue */
  reclaims = 0;
  private readonly inFlight = new Map<string, Promise<void>>();
  private seen = 0;
  private stopped = false;
  private loop?: Promise<void>;

  constructor(private readonly call: ApiCall, private readonly token: string, private readonly pace: OperatorPace) {}

  start(): void {
    this.loop = this.watch();
  }

  /** True while a task is being worked on. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.inFlight.values());
  }

  private async watch(): Promise<void> {
    while (!this.stopped) {
      const res = await this.call('GET', '/api/v1/tasks?limit=500', { token: this.token });
      if (res.status === 200) {
        for (const task of res.body.tasks as ListedTask[]) {
          if (this.resolvedTasks.has(task.taskId) || this.failedTasks.has(task.taskId) || this.inFlight.has(task.taskId)) continue;
          const work = this.work(task, this.seen++)
            .catch((error: Error) => {
              this.failedTasks.add(task.taskId);
              if (!this.stopped) this.failures.push(`task ${task.taskId} of issue ${task.issueId}: ${error.message}`);
            })
            .finally(() => this.inFlight.delete(task.taskId));
          this.inFlight.set(task.taskId, work);
        }
      } else if (res.status !== 503) {
        this.failures.push(`GET /api/v1/tasks answered ${res.status} ${JSON.stringify(res.body)}`);
      }
      await sleep(300);
    }
  }

  private async work(task: ListedTask, ordinal: number): Promise<void> {
    const pace = this.pace(task, ordinal);
    const claim = () => this.act('POST', `/api/v1/tasks/${task.taskId}/claim`, 200, {});
    const reclaim = async () => {
      this.reclaims += 1;
      await claim();
    };
    await claim();
    if (pace.replyAt) await sleep(pace.replyAt - Date.now());
    const text = `Operator's answer for task ${task.taskId}`;
    const reply = await this.act('POST', `/api/v1/issues/${task.issueId}/replies`, 201,
      // the reply says the operator is on it ("I'll get back to you"), so the SLA clock keeps counting to resolution
      { body: { text, waitForCustomer: false }, headers: { 'idempotency-key': `reply-${task.taskId}` } }, reclaim);
    this.replies.push({ taskId: task.taskId, issueId: task.issueId, messageId: reply.messageId, text });
    if (pace.resolveAt) await sleep(pace.resolveAt - Date.now());
    await this.act('POST', `/api/v1/issues/${task.issueId}/resolve`, 200,
      { headers: { 'idempotency-key': `resolve-${task.taskId}` } }, reclaim);
    this.resolvedTasks.add(task.taskId);
  }

  /** One console action, repeated (same body, same key) until it gets `expected`. */
  private async act(
    method: string, path: string, expected: number, options: { body?: unknown; headers?: Record<string, string> },
    reclaim?: () => Promise<void>,
  ): Promise<any> {
    const giveUpAt = Date.now() + GIVE_UP_MS;
    for (;;) {
      if (this.stopped) throw new Error('the console was stopped');
      const res = await this.call(method, path, { token: this.token, ...options });
      if (res.status === expected) return res.body;
      const message = String(res.body?.error?.message ?? '');
      if (Date.now() > giveUpAt) throw new Error(`${method} ${path} still ${res.status} after ${GIVE_UP_MS} ms: ${message}`);
      if (res.status === 503) {
        this.retried503 += 1;
      } else if (res.status === 409 && reclaim && /claim the task|only the operator holding/.test(message)) {
        await reclaim(); // an SLA breach put the task back in the queue
        continue;
      } else if (res.status === 409 && /assistant is answering/.test(message)) {
        // resolve refused during an assistant turn: try again in a moment
      } else {
        throw new Error(`${method} ${path} answered ${res.status} ${JSON.stringify(res.body)}`);
      }
      await sleep(RETRY_MS);
    }
  }
}
