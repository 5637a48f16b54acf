import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers for everything the gateway answers (helmet). The gateway serves JSON, so the default policy
 * is the strictest: nothing may load, nothing may frame it. Routes that serve something else set their own:
 * the widget script `Cross-Origin-Resource-Policy: cross-origin` (customers' sites load it) and the demo page
 * its own Content-Security-Policy. CORS headers (widget API, codec) are untouched: helmet sets none.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
}
