/**
 * The gateway's /console: the built app with its own CSP over the gateway's default, year-long caching for
 * hashed assets only, index.html for every app path (the SPA's router decides), a missing asset is a 404 (not
 * the app), and without a build a 503 page that says how to make one.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { consoleAssets } from '../../src/gateway/console-assets';
import { securityHeaders } from '../../src/gateway/security-headers';

let dir: string;
let server: Server;
let base: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  const app = express();
  app.use(securityHeaders());
  app.use('/console', consoleAssets(dir));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('/console', () => {
  it('answers 503 with how to build it while there is no build', async () => {
    const response = await fetch(`${base}/console/`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(await response.text()).toContain('npm run console:build');
  });

  it('serves the app for every app path, hashed assets for a year, and 404 for a missing asset', async () => {
    mkdirSync(path.join(dir, 'assets'), { recursive: true });
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/console/assets/index-abc123.js"></script>');
    writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');

    for (const route of ['/console', '/console/', '/console/issues/0b6a3c1e-0000-4000-8000-000000000000', '/console/admin/operators']) {
      const page = await fetch(`${base}${route}`);
      expect({ route, status: page.status }).toEqual({ route, status: 200 });
      expect(await page.text()).toContain('<div id="root">');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      const csp = page.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    }

    const asset = await fetch(`${base}/console/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);

    const missing = await fetch(`${base}/console/assets/index-gone.js`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toContain('<div id="root">');
  });
});
