/**
 * What the gateway and a standalone worker show without credentials: /healthz (public, nothing sensitive),
 * /metrics only with METRICS_TOKEN (a Bearer token), so the business figures are not public.
 */
import type { AddressInfo } from 'node:net';
import { SupportMetrics } from '../../src/observability/metrics';
import { createWorkerHttpServer } from '../../src/runtime/worker-http';
import { startTestSystem, TEST_METRICS_TOKEN, type TestSystem } from '../support/system';

let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({}, { worker: false });
});
afterAll(async () => {
  await sys?.stop();
});

describe('gateway', () => {
  it('serves /metrics only with the metrics token', async () => {
    expect((await sys.api('GET', '/metrics')).status).toBe(401);
    expect((await sys.api('GET', '/metrics', { token: 'wrong' })).status).toBe(401);
    expect((await sys.api('GET', '/metrics', { token: sys.operatorToken })).status).toBe(401);
    const scraped = await sys.api('GET', '/metrics', { token: TEST_METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(scraped.body).toMatch(/switchboard_http_requests_total/);
  });

  it('keeps /healthz public, saying only whether it is healthy', async () => {
    const health = await sys.api('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { database: true, temporal: true } });
  });

  it('refuses /metrics to everyone when no METRICS_TOKEN is set', async () => {
    const open = await startTestSystem({ METRICS_TOKEN: '' }, { worker: false });
    try {
      expect((await open.api('GET', '/metrics')).status).toBe(401);
      expect((await open.api('GET', '/metrics', { token: open.adminToken })).status).toBe(401);
    } finally {
      await open.stop();
    }
  });
});

describe('standalone worker', () => {
  it('serves /metrics only with the metrics token, and a bare /healthz', async () => {
    const metrics = new SupportMetrics();
    const server = createWorkerHttpServer({ metrics, state: () => 'RUNNING', metricsToken: TEST_METRICS_TOKEN });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/metrics`)).status).toBe(401);
      expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
      const scraped = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/process_cpu/);
      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', worker: 'RUNNING' });
    } finally {
      server.close();
    }
  });
});

describe('security headers', () => {
  it('sends helmet\'s headers on the API, and keeps the widget embeddable on other sites', async () => {
    const api = await fetch(`${sys.url}/api/v1/tasks`, { headers: { authorization: `Bearer ${sys.operatorToken}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('x-frame-options')).toBe('DENY');
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    expect(api.headers.get('content-security-policy')).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(api.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(api.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(api.headers.get('x-powered-by')).toBeNull();

    // the widget script loads from customers' sites, and its API answers them (CORS)
    const script = await fetch(`${sys.url}/widget.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const preflight = await fetch(`${sys.url}/api/v1/widget/messages`, {
      method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    // the demo page keeps its own policy, which lets it run the widget
    const demo = await fetch(`${sys.url}/demo`);
    expect(demo.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
