import type { SMTPServerAddress, SMTPServerSession } from 'smtp-server';
import type { AbuseLimits } from './limits';

type MailFromHandler = (address: SMTPServerAddress, session: SMTPServerSession, callback: (err?: Error | null) => void) => void;

/**
 * smtp-server's onMailFrom: counts each message a client address starts and, over SMTP_MESSAGES_PER_CLIENT,
 * answers 451 4.7.1 (temporary: a genuine server queues the mail and retries later) before any body is read.
 * A failing counter lets the mail through: the limit protects us, it must not lose mail.
 */
export function smtpClientLimit(limits: AbuseLimits): MailFromHandler {
  return (_address, session, callback) => {
    Promise.resolve().then(() => limits.take('SMTP_MESSAGES_PER_CLIENT', session.remoteAddress || 'unknown')).then(
      (retryAfterS) => callback(retryAfterS === undefined ? null : Object.assign(
        new Error(`4.7.1 too many messages from ${session.remoteAddress}, try again in ${retryAfterS} s`), { responseCode: 451 })),
      () => callback(null),
    );
  };
}
