import { z } from 'zod';
import { vkRandomId } from './random-id';
import type { VkApi } from './vk-api';

/**
 * A message to the person from the webhook itself (the refusal of a file), keyed by the customer's message: its
 * random_id makes VK drop a repeat should the webhook be re-delivered and the record of the first one be missing.
 */
export async function sendVkNow(api: VkApi, peerId: string, text: string, inReplyTo: string): Promise<string> {
  const id = await api.call('messages.send', { peer_id: peerId, message: text, random_id: vkRandomId(`refusal:${inReplyTo}`, 0) }, z.number().int());
  return `${peerId}:${id}`;
}
