import type { Channel } from '../domain/channel';
import type { SystemNotice } from '../../workflows/definitions';
import { LINK_CODE_TTL_MS } from './link-codes';

/** "anna.k@example.org" → "a…@example.org": enough for the customer to recognise, little for anyone looking on. */
export function maskedAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return at <= 0 ? '…' : `${address[0]}…${address.slice(at)}`;
}

/**
 * What the customer reads in the conversation where they wrote "LINK <address>": the code went out, and how to
 * use it. Keyed by their message, so a re-delivered webhook says it once.
 */
export function linkCodeMailedNotice(channel: Channel, externalMessageId: string, address: string): SystemNotice {
  const to = maskedAddress(address);
  const minutes = Math.round(LINK_CODE_TTL_MS / 60_000);
  return {
    noticeId: `link-code-mailed:${channel}:${externalMessageId}`,
    channel,
    text: {
      en: `We have sent a code to ${to}. Reply to that e-mail (or write LINK and the code here) within ${minutes} minutes, and this conversation continues by e-mail too.`,
      ru: `Мы отправили код на ${to}. Ответьте на это письмо (или напишите здесь LINK и код) в течение ${minutes} минут, и этот разговор можно будет продолжить и по почте.`,
    },
  };
}
