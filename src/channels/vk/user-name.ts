import { z } from 'zod';
import { normaliseText } from '../../domain/safe-text';
import type { VkApi } from './vk-api';

const nameSchema = z.string().max(200).transform(normaliseText).optional();
const usersSchema = z.array(z.object({ id: z.number().int(), first_name: nameSchema, last_name: nameSchema }).loose());

/** A person's name by users.get (a community token may read public profiles). */
export async function vkUserName(api: VkApi, userId: string): Promise<string | undefined> {
  const [user] = await api.call('users.get', { user_ids: userId }, usersSchema);
  const name = [user?.first_name, user?.last_name].filter(Boolean).join(' ').trim();
  return name || undefined;
}
