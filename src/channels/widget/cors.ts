import type { RequestHandler } from 'express';

/**
 * The widget runs on other sites' origins. It authenticates with a bearer token, never with cookies, so any
 * origin may call the widget API; preflights are answered here.
 */
export const widgetCors: RequestHandler = (req, res, next) => {
  res.set({
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'Authorization, Content-Type, Last-Event-ID',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    // a renewed visitor token, and when to retry after a 429
    'access-control-expose-headers': 'X-Visitor-Token, Retry-After',
    'access-control-max-age': '600',
  });
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
};
