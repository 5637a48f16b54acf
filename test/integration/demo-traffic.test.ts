/**
 * `npm run demo:traffic` against the real gateway, worker, Temporal and PostgreSQL, with short timers: every kind
 * of conversation it drives leaves the trail the dashboard counts — answered and closed by itself, handed off,
 * breached, reopened, rated — through the public API only.
 */
import { runDemo, type DemoReport } from '../../src/demo/run-demo';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem } from '../support/system';

let sys: TestSystem;
let report: DemoReport;

beforeAll(async () => {
  sys = await startTestSystem({
    SUPPORT_POLICY: JSON.stringify({
      firstResponse: { urgent: '8s', high: '8s', normal: '8s', low: '8s' },
      customerNudge: '4s', customerAutoClose: '8s', reopenWindow: '90s', csatWait: '90s',
    }),
  });
  // seed 15: four answered, three handed off (two rated), one breached, two reopened; six in Russian
  report = await runDemo({
    baseUrl: sys.url, operatorToken: sys.adminToken, channelKey: sys.apiKey,
    conversations: 10, concurrency: 10, seed: 15, waitSeconds: 90, pollMs: 250,
  }, () => {});
}, 240_000);

afterAll(async () => {
  await sys?.stop();
});

async function eventsOf(issueId: string | undefined): Promise<{ type: string; data: any }[]> {
  const { rows } = await sys.db.query('SELECT type, data FROM issue_events WHERE issue_id = $1 ORDER BY created_at', [issueId]);
  return rows;
}

const ofKind = (kind: string) => report.outcomes.filter((o) => o.kind === kind);

describe('npm run demo:traffic', () => {
  it('completes every conversation of the mix, each in its own issue', () => {
    expect(report.outcomes.map((o) => o.error).filter(Boolean)).toEqual([]);
    expect(new Set(report.outcomes.map((o) => o.issueId)).size).toBe(10);
  });

  it('answered questions are answered by the assistant and close by themselves (automation)', async () => {
    expect(ofKind('answered')).toHaveLength(4);
    for (const o of ofKind('answered')) {
      expect(o.steps).toContain('answered');
      await eventually(async () => (await eventsOf(o.issueId)).some((e) => e.type === 'auto_closed') || undefined, 30_000, 'auto_closed');
    }
  });

  it('a late operator leaves an SLA breach; reopened issues are reopened and resolved again; ratings are recorded', async () => {
    const [breached] = ofKind('breached');
    expect((await eventsOf(breached!.issueId)).map((e) => e.type)).toContain('sla_breached');
    expect(ofKind('reopened')).toHaveLength(2);
    for (const o of ofKind('reopened')) {
      const types = (await eventsOf(o.issueId)).map((e) => e.type);
      expect(types).toContain('reopened');
      expect(types.filter((t) => t === 'resolved')).toHaveLength(2);
    }
    const rated = report.outcomes.filter((o) => o.steps.some((s) => /^customer: [1-5]( —|$)/.test(s)));
    expect(rated.length).toBeGreaterThanOrEqual(4);
    for (const o of rated) {
      const score = Number(/customer: ([1-5])/.exec(o.steps.find((s) => /^customer: [1-5]/.test(s))!)![1]);
      const csat = await eventually(async () => {
        const received = (await eventsOf(o.issueId)).filter((e) => e.type === 'csat_received');
        return received.length > 0 ? received : undefined;
      }, 20_000, `the rating of ${o.externalId}`);
      expect(csat.map((e) => e.data.score)).toEqual([score]);
    }
  });

  it('reads back the analytics of its time range', () => {
    expect(report.summary).toMatchObject({ issues: expect.any(Number), handoffRate: expect.any(Number) });
    expect(report.summary.issues as number).toBeGreaterThanOrEqual(10);
  });
});
