import { z } from 'zod';

/** Starting a link from a session: an e-mail address to send a code to, or a messenger to send a code from. */
export const linkStartSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), address: z.email().max(320) }).strict(),
  z.object({ channel: z.enum(['telegram', 'whatsapp', 'widget', 'api']) }).strict(),
]);

export const linkVerifySchema = z.object({
  channel: z.literal('email').default('email'),
  code: z.string().trim().regex(/^\d{6}$/, 'the code has six digits'),
}).strict();
