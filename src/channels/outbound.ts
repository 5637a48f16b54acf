import type { Channel } from '../domain/channel';

export interface OutboundMessage {
  messageId: string;
  issueId: string;
  customerId: string;
  text: string;
  /** aborted when the delivery attempt is cancelled (timed out, worker shutting down): stop sending */
  signal?: AbortSignal;
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

export type ChannelSenders = Partial<Record<Channel, ChannelSender>>;
