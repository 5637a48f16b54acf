import nodemailer, { type Transporter } from 'nodemailer';
import { ConfigError } from '../config-error';

/**
 * The mail Switchboard sends of its own (linking codes, invitations): from SUPPORT_EMAIL_ADDRESS through
 * SMTP_URL, the e-mail channel's settings. Undefined when no sender address is set.
 */
export function smtpSenderFromEnv(env: NodeJS.ProcessEnv): { from: string; transport: Transporter } | undefined {
  const from = env.SUPPORT_EMAIL_ADDRESS?.trim();
  const url = env.SMTP_URL?.trim();
  if (!from) return undefined;
  if (!url) throw new ConfigError('SUPPORT_EMAIL_ADDRESS needs SMTP_URL to send e-mail');
  return { from, transport: nodemailer.createTransport(url) };
}
