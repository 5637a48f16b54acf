/**
 * Instagram story mentions and replies to the account's stories, from webhook bodies shaped as in Meta's
 * Instagram Messaging documentation (test/fixtures/meta): each becomes a labelled message of the customer's
 * issue; one with nothing to answer (a mention, an empty reply) is recorded for people, not answered as a question.
 */
import mention from '../fixtures/meta/instagram-story-mention.json';
import reply from '../fixtures/meta/instagram-story-reply.json';
import { metaWebhookSchema, readMetaWebhook } from '../../src/channels/meta/webhook-schema';

const read = (body: unknown) => readMetaWebhook(metaWebhookSchema.parse(body));

it('reads a story mention as a labelled message that the assistant does not answer', () => {
  const { events, skipped } = read(mention);
  expect(skipped).toEqual([]);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event).toMatchObject({ channel: 'instagram', kind: 'direct', senderId: '1254459154682919', externalMessageId: mention.entry[0].messaging[0].message.mid });
  expect(event.text).toMatch(/^\[Instagram story mention: the customer mentioned the account in their story/);
  expect(event.text).toContain('https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=17890450876054321');
  expect(event.text).not.toMatch(/attachment/);
  expect(event.recordOnly).toMatch(/story mention/);
});

it('reads a reply to a story with the label and the customer\'s words, answered like any message', () => {
  const [event] = read(reply).events;
  expect(event.text).toBe('[Reply to the account\'s Instagram story 17890450876054322]\nIs this jacket available in blue?');
  expect(event.recordOnly).toBeUndefined();
});

it('records a story reply without text (a photo only) for people instead of answering it, the photo fetched', () => {
  const body = structuredClone(reply);
  const message = body.entry[0].messaging[0].message as Record<string, unknown>;
  delete message.text;
  message.attachments = [{ type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }];
  const [event] = read(body).events;
  expect(event.text).toBe('[Reply to the account\'s Instagram story 17890450876054322]');
  expect(event.files).toEqual([{ url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', name: 'photo' }]);
  expect(event.recordOnly).toMatch(/story reply without text/);
});
