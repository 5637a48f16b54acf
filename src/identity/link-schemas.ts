import { z } from 'zod';
import { LINK_CODE_ALPHABET, LINK_CODE_LENGTH, normalizeLinkCode } from './link-codes';

/** A code in canonical form (see normalizeLinkCode). */
export const LINK_CODE_PATTERN = new RegExp(`^[${LINK_CODE_ALPHABET}]{${LINK_CODE_LENGTH}}$`);

/** Starting a link from a session: an e-mail address to send a code to, or a messenger to send a code from. */
export const linkStartSchema = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('email'), address: z.email().max(320) }).strict(),
  z.object({ channel: z.enum(['telegram', 'whatsapp', 'widget', 'api', 'facebook', 'instagram', 'vk']) }).strict(),
]);

export const linkVerifySchema = z.object({
  channel: z.literal('email').default('email'),
  code: z.string().trim().max(40)
    .transform(normalizeLinkCode)
    .pipe(z.string().regex(LINK_CODE_PATTERN, `the code has ${LINK_CODE_LENGTH} letters and digits`)),
}).strict();
