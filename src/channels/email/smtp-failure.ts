import { isTransientDbError } from '../../db/pg-errors';
import { isTemporalUnavailable } from '../../temporal/temporal-errors';

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
