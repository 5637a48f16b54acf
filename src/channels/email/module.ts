import type { ChannelModule } from '../channel-module';
import { EmailSender } from './sender';
import { loadEmailSettings, type EmailSettings } from './settings';
import { startSmtpListener } from './smtp-listener';

/**
 * E-mail: inbound by SMTP to SUPPORT_EMAIL_ADDRESS (a listener in the gateway process), replies by SMTP through
 * SMTP_URL in the customer's thread.
 */
export const emailChannelModule: ChannelModule<EmailSettings> = {
  channel: 'email',
  loadSettings: loadEmailSettings,
  describe: (s) => `SMTP listener on ${s.listenHost}:${s.listenPort} for ${s.supportAddress}, replies through ${redactUrl(s.smtpUrl)}`,
  sender: (s, db) => new EmailSender(s, db),
  startServer: (s, deps) => startSmtpListener(s, deps),
};

/** SMTP_URL may carry a password: never print it. */
function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//***@');
}
