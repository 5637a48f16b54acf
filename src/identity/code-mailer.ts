import nodemailer from 'nodemailer';
import { ConfigError } from '../config-error';

/** Sends a linking code to an e-mail address, through the same SMTP settings as the e-mail channel. */
export interface CodeMailer {
  send(to: string, code: string): Promise<void>;
}

export function codeMailerFromEnv(env: NodeJS.ProcessEnv): CodeMailer | undefined {
  const from = env.SUPPORT_EMAIL_ADDRESS?.trim();
  const url = env.SMTP_URL?.trim();
  if (!from) return undefined;
  if (!url) throw new ConfigError('SUPPORT_EMAIL_ADDRESS needs SMTP_URL to send e-mail');
  const transport = nodemailer.createTransport(url);
  return {
    async send(to, code) {
      await transport.sendMail({
        from,
        to,
        subject: `Your verification code: ${code}`,
        text: `Your code to link this e-mail address to your support conversation is ${code}.\n`
          + 'It is valid for 15 minutes. If you did not ask for it, ignore this message.',
      });
    },
  };
}
