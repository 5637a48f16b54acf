/** The channels a customer can write from. */
export const CHANNELS = ['api', 'widget', 'telegram', 'whatsapp', 'email', 'facebook', 'instagram', 'vk'] as const;
export type Channel = (typeof CHANNELS)[number];
