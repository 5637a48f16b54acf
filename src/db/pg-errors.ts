/**
 * Which PostgreSQL failures are worth retrying. An outage (connection refused or lost, server shutting down,
 * out of resources, a serialization conflict) passes; a statement PostgreSQL refuses (bad data, a violated
 * constraint) fails the same way every time, so retrying it would stall an issue forever.
 */
const TRANSIENT_CODES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '55P03', '53000', '53100', '53200', '53300']);
const TRANSIENT_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isTransientDbError(error: unknown): boolean {
  const code = codeOf(error);
  if (code && (TRANSIENT_CODES.has(code) || code.startsWith('08') || TRANSIENT_NETWORK.has(code))) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed/i
    .test(message);
}

/** A SQLSTATE of data, integrity or syntax classes (22, 23, 42, 2x): the same statement will fail again. */
export function isDeterministicDbError(error: unknown): boolean {
  const code = codeOf(error);
  return Boolean(code && /^(2[0-9A-Z]|42|44)/.test(code) && !isTransientDbError(error));
}
