import { smtpSenderFromEnv } from '../net/smtp-sender';

/** Mails an invitation link, through the same SMTP settings as the e-mail channel and the linking codes. */
export interface InvitationMailer {
  send(to: string, invitation: { url: string; expiresAt: string; invitedBy: string }): Promise<void>;
}

/** Undefined unless SUPPORT_EMAIL_ADDRESS (and SMTP_URL) are set: the admin then copies the link by hand. */
export function invitationMailerFromEnv(env: NodeJS.ProcessEnv): InvitationMailer | undefined {
  const sender = smtpSenderFromEnv(env);
  if (!sender) return undefined;
  const { from, transport } = sender;
  return {
    async send(to, invitation) {
      await transport.sendMail({
        from,
        to,
        subject: 'You are invited to the support console',
        text: `${invitation.invitedBy} invited you to the support console.\n\n`
          + `Choose your password here: ${invitation.url}\n\nThe link is valid until ${invitation.expiresAt}. `
          + 'If you did not expect it, ignore this message.\n',
      });
    },
  };
}
