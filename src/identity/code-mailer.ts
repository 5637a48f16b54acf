import { smtpSenderFromEnv } from '../net/smtp-sender';

/** Sends a linking code to an e-mail address, through the same SMTP settings as the e-mail channel. */
export interface CodeMailer {
  send(to: string, code: string): Promise<void>;
}

export function codeMailerFromEnv(env: NodeJS.ProcessEnv): CodeMailer | undefined {
  const sender = smtpSenderFromEnv(env);
  if (!sender) return undefined;
  const { from, transport } = sender;
  return {
    async send(to, code) {
      await transport.sendMail({
        from,
        to,
        subject: `Your verification code: ${code}`,
        text: `Your code to link this e-mail address to your support conversation is ${code}.\n`
          + 'Type it where you asked for it, or simply reply to this e-mail (keep the subject): your reply continues the '
          + 'same conversation.\n'
          + 'It is valid for 15 minutes. If you did not ask for it, ignore this message.',
      });
    },
  };
}
