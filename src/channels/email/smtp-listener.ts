import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { smtpClientLimit } from '../../abuse/smtp-limit';
import type { GatewayDependencies } from '../../gateway/dependencies';
import type { ChannelServer } from '../channel-module';
import { acceptInboundEmail } from './accept-email';
import { smtpFailureReply } from './smtp-failure';
import type { EmailSettings } from './settings';

export interface SmtpListener extends ChannelServer {
  /** the bound port (useful with SMTP_LISTEN_PORT=0) */
  port: number;
}

/** An error smtp-server turns into an SMTP reply with this code. */
function smtpError(responseCode: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * Inbound mail for SUPPORT_EMAIL_ADDRESS over plain SMTP. Meant to sit behind the organisation's MX (or be
 * forwarded to), so it offers neither AUTH nor STARTTLS. The "250" is sent only after Temporal accepted the
 * message; an outage before that is a 4xx, so the sending server keeps the mail and retries, and any other
 * failure a 5xx (it would fail the same way on every retry).
 */
export async function startSmtpListener(settings: EmailSettings, deps: GatewayDependencies): Promise<SmtpListener> {
  const server = new SMTPServer({
    banner: 'Switchboard support mail',
    size: settings.maxMessageBytes,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    socketTimeout: 60_000,
    closeTimeout: 2_000,
    // abuse limits: connections at once (421 above), messages per client address (451 at MAIL FROM)
    maxClients: settings.maxClients,
    onMailFrom: smtpClientLimit(deps.limits),
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() === settings.supportAddress) return callback();
      deps.metrics.inboundMessages.inc({ channel: 'email', result: 'rejected' });
      callback(smtpError(550, `5.1.1 <${address.address}>: no such mailbox here, this server only accepts mail for ${settings.supportAddress}`));
    },
    onData(stream, session, callback) {
      readMessage(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            deps.metrics.inboundMessages.inc({ channel: 'email', result: 'rejected' });
            return callback(smtpError(552, `5.3.4 message exceeds the maximum size of ${settings.maxMessageBytes} bytes`));
          }
          const result = await acceptInboundEmail(deps, settings, raw, envelopeSender(session));
          if (result.kind === 'rejected') return callback(smtpError(550, `5.6.0 message refused: ${result.reason}`));
          callback(null, result.kind === 'accepted' ? '2.0.0 accepted' : '2.0.0 accepted (automatic message, no reply)');
        })
        .catch((error: unknown) => {
          deps.logger.error({ err: error, channel: 'email' }, 'inbound e-mail could not be handed over');
          const reply = smtpFailureReply(error);
          callback(smtpError(reply.responseCode, reply.message));
        });
    },
  });
  server.on('error', (error) => deps.logger.warn({ err: error, channel: 'email' }, 'SMTP listener error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(settings.listenPort, settings.listenHost, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    describe: `smtp://${settings.listenHost}:${port} for ${settings.supportAddress}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function envelopeSender(session: SMTPServerSession): string | undefined {
  const from = session.envelope.mailFrom;
  return from === false ? undefined : from.address;
}

/** The whole message; smtp-server stops counting past `size` and sets sizeExceeded, so memory stays bounded. */
function readMessage(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      if (!stream.sizeExceeded) chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}
