/**
 * Which PostgreSQL failures are worth retrying. Transient: the database cannot be reached or is shutting down,
 * starting up, out of resources, or asked us to retry the transaction; trying again later may succeed.
 * Deterministic: the statement or its data is wrong (bad data, constraint, undefined column, ...); the same
 * call fails the same way every time, so retrying it forever only stalls whatever waits for it.
 * Socket errors (ECONNREFUSED, ...) carry no mark of their peer: classify errors of database calls only.
 */

/** Socket-level failures of the pg driver (and of Node's net module under it). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND',
  'EAI_AGAIN', 'EADDRNOTAVAIL',
]);

/** Messages of the pg driver and pool when a connection cannot be had or was lost. */
const TRANSIENT_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /Client has encountered a connection error and is not queryable/i,
  /^timeout expired$/i,
];

const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '40001', '40P01']);
/** 08 connection exception, 53 insufficient resources */
const TRANSIENT_CLASSES = new Set(['08', '53']);
/** 21 cardinality, 22 data exception, 23 integrity constraint, 42 syntax or access rule, 44 with check option, 0A not supported */
const DETERMINISTIC_CLASSES = new Set(['21', '22', '23', '42', '44', '0A']);

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The error and its causes (and an AggregateError's members), outermost first; bounded against cycles. */
function chain(error: unknown): object[] {
  const seen: object[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.length < 20) {
    const next = queue.shift();
    if (!next || typeof next !== 'object' || seen.includes(next)) continue;
    seen.push(next);
    queue.push((next as { cause?: unknown }).cause);
    if (next instanceof AggregateError) queue.push(...next.errors);
  }
  return seen;
}

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function sqlStateOf(error: object): string | undefined {
  const code = codeOf(error);
  return code && SQLSTATE.test(code) ? code : undefined;
}

/** True when the database was unavailable: retrying later (or answering 503) is right. */
export function isTransientDbError(error: unknown): boolean {
  return chain(error).some((e) => {
    const code = codeOf(e);
    if (code && NETWORK_CODES.has(code)) return true;
    const state = sqlStateOf(e);
    if (state) return TRANSIENT_SQLSTATES.has(state) || TRANSIENT_CLASSES.has(state.slice(0, 2));
    const message = (e as { message?: unknown }).message;
    return typeof message === 'string' && TRANSIENT_MESSAGES.some((m) => m.test(message));
  });
}

/** True when PostgreSQL refused the statement or its data: the same call will fail again. */
export function isDeterministicDbError(error: unknown): boolean {
  if (isTransientDbError(error)) return false;
  return chain(error).some((e) => {
    const state = sqlStateOf(e);
    return state !== undefined && DETERMINISTIC_CLASSES.has(state.slice(0, 2));
  });
}

/** The SQLSTATE of a PostgreSQL error (or of its cause), if it is one. */
export function sqlStateOfError(error: unknown): string | undefined {
  for (const e of chain(error)) {
    const state = sqlStateOf(e);
    if (state) return state;
  }
  return undefined;
}

/** 23505: a unique index refused the row (a name or address taken, or a concurrent insert won). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOfError(error) === '23505';
}
