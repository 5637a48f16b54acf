import type { ChannelSender } from '../outbound';

/**
 * The widget has nothing to push from the worker: the projection has already written the reply to `messages`,
 * and the gateway's SSE stream picks new rows up from there (message-stream.ts). So delivery reports
 * "stored, the customer fetches it" (false): delivered_at stays empty, as for the API channel without webhook.
 */
export class WidgetSender implements ChannelSender {
  async send(): Promise<boolean> {
    return false;
  }
}
