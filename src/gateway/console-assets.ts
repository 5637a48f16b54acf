import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

/**
 * console/dist: the operator console as Vite builds it at install time (`npm run console:build`). Found from
 * this file whether it runs from the sources (src/gateway) or compiled (dist/src/gateway).
 */
export const CONSOLE_DIST_DIR = consoleDistDir();

function consoleDistDir(): string {
  const roots = [path.resolve(__dirname, '../..'), path.resolve(__dirname, '../../..')];
  const root = roots.find((r) => existsSync(path.join(r, 'console', 'package.json'))) ?? roots[0]!;
  return path.join(root, 'console', 'dist');
}

/**
 * The console's own Content-Security-Policy (the gateway's default allows nothing to load): scripts, styles,
 * fonts and API calls from this origin only. Inline styles are allowed because Mantine sets its theme's CSS
 * variables in a <style> element; inline scripts are not.
 */
export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "font-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>The operator console is not built</h1>
<p>The gateway serves the console from <code>console/dist</code>, which <code>npm install</code> builds.
Build it with <code>npm run console:build</code> and reload this page.</p>
<p>The HTTP API under <code>/api/v1</code> works without it.</p></body></html>`;

/**
 * `/console`: the built single-page app. Hashed files under /console/assets are cached for a year; every other
 * path under /console is the app's index.html (its router decides), never cached, so a new build is picked up
 * at the next load. Without a build: a 503 page that says how to make one.
 */
export function consoleAssets(distDir = CONSOLE_DIST_DIR): Router {
  const router = Router();
  const indexFile = path.join(distDir, 'index.html');
  router.use((_req, res, next) => {
    res.set('content-security-policy', CONSOLE_CSP);
    next();
  });
  router.use('/assets', express.static(path.join(distDir, 'assets'), {
    index: false, fallthrough: false, immutable: true, maxAge: '365d',
  }));
  router.use(express.static(distDir, { index: false, maxAge: 0 }));
  router.get('/{*appPath}', (_req, res) => {
    if (!existsSync(indexFile)) {
      res.status(503).type('html').set({ 'cache-control': 'no-store', 'retry-after': '60' }).send(NOT_BUILT_PAGE);
      return;
    }
    res.set('cache-control', 'no-cache').sendFile(indexFile);
  });
  return router;
}
