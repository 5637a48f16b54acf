/**
 * The console talks to the same HTTP API as everyone else. People sign in with the session cookie (sent by the
 * browser; state-changing requests carry the session's CSRF token); an API token typed at sign-in is sent as
 * `Authorization: Bearer` instead and kept for this tab only.
 */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const TOKEN_KEY = 'sb-console-token';
let csrfToken: string | undefined;

export const credentials = {
  get token(): string | undefined {
    return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  },
  setToken(token: string | undefined): void {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  setCsrf(token: string | undefined): void {
    csrfToken = token;
  },
};

export function authHeaders(): Record<string, string> {
  const token = credentials.token;
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function api<T = unknown>(
  method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(), ...extraHeaders };
  // files go as multipart/form-data: the browser writes that content type with its boundary
  const form = body instanceof FormData;
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken && !credentials.token) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : form ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.status === 401 && !path.startsWith('/session') && !path.startsWith('/invitations')) signedOut();
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(response.status, error?.code ?? 'unknown', error?.message ?? response.statusText);
  }
  return parsed as T;
}

/** Tells the console that its session ended (a 401 from the API): it shows the sign-in screen. */
export const SIGNED_OUT_EVENT = 'switchboard:signed-out';
export function signedOut(): void {
  window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
}

/** A fresh Idempotency-Key for one operator action (a retry of the same action reuses it). */
export const newRequestId = (): string => crypto.randomUUID();
