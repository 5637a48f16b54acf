import type { Channel } from '../domain/channel';
import type { CsatPromptKind, MessageAuthor } from '../domain/issue';
import type { AttachmentRef } from '../domain/attachment';

/** A file to send: its ref, a signed link to it, and its bytes on demand. */
export interface OutboundAttachment extends AttachmentRef {
  url: string;
  read(): Promise<Buffer>;
}

export interface OutboundMessage {
  messageId: string;
  issueId: string;
  customerId: string;
  text: string;
  /**
   * The CSAT question or its reminder: a channel that can renders the rating its own way (Telegram buttons,
   * e-mail links, widget stars, a structured API message); `text` asks for a "1"–"5" reply everywhere.
   */
  csat?: { kind: CsatPromptKind };
  /**
   * who wrote it (unknown for messages queued by the first workflow versions): channels whose rules depend on
   * it ask, e.g. Meta allows the HUMAN_AGENT tag only for a person's reply
   */
  author?: MessageAuthor;
  /**
   * files an operator sent with the message: a channel that can carries them (e-mail attaches them, the API
   * webhook and the widget link them); one that cannot still has the text, which names them
   */
  attachments?: OutboundAttachment[];
  /** aborted when the delivery attempt is cancelled (timed out, worker shutting down): stop sending */
  signal?: AbortSignal;
  /**
   * Renews the attempt's claim on the message before another part goes out; throws DeliveryClaimLost when a
   * later attempt holds the message now (this one outlived its claim, e.g. its heartbeats did not get through).
   */
  renewClaim?: () => Promise<void>;
}

/** A channel's way of pushing a message to the customer. */
export interface ChannelSender {
  /** Returns false when the channel has nothing to push to (the customer fetches the message instead). */
  send(message: OutboundMessage): Promise<boolean>;
}

/** Thrown for a delivery that will never succeed (bad recipient, channel switched off): no retry. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** This delivery attempt no longer holds the message: a later attempt sends it; this one must not. */
export class DeliveryClaimLost extends Error {
  override name = 'DeliveryClaimLost';
}

/**
 * Called by a sender before each part it sends (a multi-part reply, a template): stops an attempt that was
 * cancelled or that a later attempt replaced, so no part goes out twice from two attempts. A part already
 * in flight is left to finish and be recorded (aborting it would leave unknown whether the customer got it).
 */
export async function beforeNextPart(message: OutboundMessage): Promise<void> {
  message.signal?.throwIfAborted();
  await message.renewClaim?.();
}

export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;
