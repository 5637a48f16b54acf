import type { Request, Response } from 'express';
import { SESSION_COOKIE } from './auth';

/** httpOnly (no script reads it), SameSite=Lax (not sent on cross-site POSTs), Secure when the request came over HTTPS. */
export function setSessionCookie(req: Request, res: Response, token: string, maxAgeS: number): void {
  res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: maxAgeS * 1000 });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}
