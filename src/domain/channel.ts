/** The channels a customer can write from. */
export const CHANNELS = ['api', 'widget', 'telegram', 'whatsapp', 'email'] as const;
export type Channel = (typeof CHANNELS)[number];
