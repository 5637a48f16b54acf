import { isTransientDbError } from '../../db/pg-errors';
import { WorkersUnavailable } from '../../temporal/issue-service';

/** gRPC codes of a Temporal frontend that is down, slow or overloaded: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE */
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 10, 14]);

function grpcCode(error: unknown): number | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number') return code;
  }
  return undefined;
}

/** True when Temporal could not be reached or did not answer in time: trying again later may work. */
export function isTemporalUnavailable(error: unknown): boolean {
  if (error instanceof WorkersUnavailable) return true;
  const code = grpcCode(error);
  return code !== undefined && TRANSIENT_GRPC_CODES.has(code);
}

export interface SmtpReply {
  responseCode: number;
  message: string;
}

/**
 * The SMTP answer to a mail that could not be handed over. Only an outage (database or Temporal) is a 4xx: the
 * sending server keeps the mail and retries. Anything else would fail the same way on every retry, for days,
 * so it is a 5xx and the sender gets a bounce it can read.
 */
export function smtpFailureReply(error: unknown): SmtpReply {
  if (isTransientDbError(error) || isTemporalUnavailable(error)) {
    return { responseCode: 451, message: '4.3.0 temporarily unable to accept the message, please retry later' };
  }
  return { responseCode: 554, message: '5.6.0 the message cannot be accepted; please write to us again or use another channel' };
}
