/**
 * Facebook Messenger, Instagram Direct and comments on both, through the real gateway, worker, Temporal and
 * database, with a fake Graph API on loopback and webhooks signed the way Meta signs them.
 */
import { randomBytes } from 'node:crypto';
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle } from '../support/system';
import {
  directMessageWebhook, feedCommentWebhook, instagramCommentWebhook, signMeta, startFakeMeta, type FakeMeta,
} from '../support/fake-meta';
import storyMention from '../fixtures/meta/instagram-story-mention.json';
import storyReply from '../fixtures/meta/instagram-story-reply.json';

const APP_SECRET = 'meta-app-secret';
const VERIFY_TOKEN = 'meta-verify-token';
let sys: TestSystem;
let graph: FakeMeta;

beforeAll(async () => {
  graph = await startFakeMeta();
  sys = await startTestSystem({
    META_PAGE_ACCESS_TOKEN: graph.accessToken,
    META_APP_SECRET: APP_SECRET,
    META_VERIFY_TOKEN: VERIFY_TOKEN,
    META_GRAPH_BASE_URL: graph.baseUrl,
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await graph?.close();
});

const newId = (digits = 16) => String(10 ** (digits - 1) + Math.floor(Math.random() * 9 * 10 ** (digits - 1)));
const newMid = () => `m_${randomBytes(24).toString('base64url')}`;

function post(payload: unknown, signature?: string | null) {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = {};
  if (signature !== null) headers['x-hub-signature-256'] = signature ?? signMeta(APP_SECRET, raw);
  return sys.api('POST', '/webhooks/meta', { raw, headers });
}

async function customerOf(channel: string, externalId: string): Promise<string | undefined> {
  const { rows } = await sys.db.query(
    'SELECT customer_id FROM customer_identities WHERE channel = $1 AND external_id = $2', [channel, externalId]);
  return rows[0]?.customer_id;
}

async function issueOf(customerId: string | undefined): Promise<{ id: string; status: string } | undefined> {
  if (!customerId) return undefined;
  const { rows } = await sys.db.query('SELECT id, status FROM issues WHERE customer_id = $1 ORDER BY created_at', [customerId]);
  return rows[0];
}

async function inboundTexts(customerId: string): Promise<{ channel: string; text: string; external_message_id: string }[]> {
  const { rows } = await sys.db.query(
    `SELECT channel, body AS text, external_message_id FROM messages WHERE customer_id = $1 AND direction = 'inbound' ORDER BY created_at`,
    [customerId]);
  return rows;
}

const sentTo = (id: string) => graph.sent.filter((m) => m.recipientId === id);

describe('Meta webhook', () => {
  it('verifies the subscription with the verify token', async () => {
    const ok = await sys.api('GET', `/webhooks/meta?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(1158201444);
    const wrong = await sys.api('GET', '/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444');
    expect(wrong.status).toBe(403);
  });

  it('refuses a post without the right signature: 401, nothing recorded', async () => {
    const psid = newId();
    const payload = directMessageWebhook('page', graph.pageId, { senderId: psid, mid: newMid(), text: 'hello' });
    expect((await post(payload, null)).status).toBe(401);
    expect((await post(payload, signMeta('another-secret', JSON.stringify(payload)))).status).toBe(401);
    const raw = JSON.stringify(payload);
    const tampered = await sys.api('POST', '/webhooks/meta', {
      raw: raw.replace('hello', 'hellO'), headers: { 'x-hub-signature-256': signMeta(APP_SECRET, raw) },
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body.error.code).toBe('unauthorized');
    expect(await customerOf('facebook', psid)).toBeUndefined();
    const { rows } = await sys.db.query('SELECT count(*)::int AS n FROM social_inbound WHERE sender_id = $1', [psid]);
    expect(rows[0].n).toBe(0);
  });
});

describe('Messenger and Instagram Direct', () => {
  it('answers a Messenger question through the Send API within the standard window; a re-delivery changes nothing', async () => {
    const psid = newId();
    const mid = newMid();
    graph.profiles.set(psid, { first_name: 'Jonas', last_name: 'Becker' });
    const payload = directMessageWebhook('page', graph.pageId, { senderId: psid, mid, text: 'How do I reset my password?' });
    expect((await post(payload)).status).toBe(200);
    expect((await post(payload)).status).toBe(200);
    const answer = await eventually(async () => sentTo(psid)[0], 30_000, 'the answer');
    expect(answer).toMatchObject({ recipient: { id: psid }, messaging_type: 'RESPONSE' });
    expect(answer.tag).toBeUndefined();
    expect(answer.text).toContain('Forgot password');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sentTo(psid)).toHaveLength(1);
    const customerId = await customerOf('facebook', psid);
    expect(await inboundTexts(customerId!)).toEqual([{ channel: 'facebook', text: 'How do I reset my password?', external_message_id: mid }]);
    // the name from the Messenger profile, asked at the first message
    const { rows } = await sys.db.query('SELECT display_name FROM customers WHERE id = $1', [customerId]);
    expect(rows[0].display_name).toBe('Jonas Becker');
  });

  it('records an attachment it does not fetch (a shared reel) as a visible placeholder instead of dropping it', async () => {
    const igsid = newId(17);
    const payload = directMessageWebhook('instagram', graph.instagramAccountId, {
      senderId: igsid, mid: newMid(), attachments: [{ type: 'ig_reel', payload: { reel_video_id: '18034781965', title: 'Unboxing' } }],
    });
    expect((await post(payload)).status).toBe(200);
    const customerId = await eventually(() => customerOf('instagram', igsid), 10_000, 'the customer');
    const texts = await eventually(async () => {
      const rows = await inboundTexts(customerId);
      return rows.length ? rows : undefined;
    }, 20_000, 'the recorded message');
    expect(texts[0].channel).toBe('instagram');
    expect(texts[0].text).toMatch(/^\[ig_reel attachment — not shown here yet/);
  });

  it('records an Instagram story mention on the issue with a label, for people, without answering it as a question', async () => {
    const igsid = newId(17);
    const body = structuredClone(storyMention);
    body.entry[0].id = graph.instagramAccountId;
    Object.assign(body.entry[0].messaging[0], { sender: { id: igsid }, recipient: { id: graph.instagramAccountId }, timestamp: Date.now() });
    body.entry[0].messaging[0].message.mid = newMid();
    expect((await post(body)).status).toBe(200);
    const customerId = await eventually(() => customerOf('instagram', igsid), 10_000, 'the customer');
    const issue = await eventually(() => issueOf(customerId), 20_000, 'the issue');
    const recorded = await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'recorded_only'`, [issue.id]);
      return rows[0]?.data;
    }, 30_000, 'the mention recorded for people');
    expect(recorded).toMatchObject({ channel: 'instagram' });
    const state = await sys.api('GET', `/api/v1/issues/${issue.id}`, { token: sys.operatorToken });
    expect(state.body.issue.messages).toHaveLength(1);
    expect(state.body.issue.messages[0].text).toMatch(/^\[Instagram story mention: the customer mentioned the account in their story/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sentTo(igsid)).toHaveLength(0);
  });

  it('replies to a reply to the account\'s story, labelled as such on the issue', async () => {
    const igsid = newId(17);
    const body = structuredClone(storyReply);
    body.entry[0].id = graph.instagramAccountId;
    Object.assign(body.entry[0].messaging[0], { sender: { id: igsid }, recipient: { id: graph.instagramAccountId }, timestamp: Date.now() });
    Object.assign(body.entry[0].messaging[0].message, { mid: newMid(), text: 'How do I reset my password?' });
    expect((await post(body)).status).toBe(200);
    // answered as a message in Direct (the offline assistant, which cannot see the story, may hand it to a person)
    const answer = await eventually(async () => sentTo(igsid)[0], 30_000, 'the answer');
    expect(answer).toMatchObject({ recipient: { id: igsid }, messaging_type: 'RESPONSE' });
    const customerId = await customerOf('instagram', igsid);
    expect((await inboundTexts(customerId!))[0].text).toBe('[Reply to the account\'s Instagram story 17890450876054322]\nHow do I reset my password?');
  });

  it('takes a tap on a button (postback) as the person\'s message, by its title', async () => {
    const psid = newId();
    const payload = {
      object: 'page',
      entry: [{ id: graph.pageId, time: Date.now(), messaging: [{
        sender: { id: psid }, recipient: { id: graph.pageId }, timestamp: Date.now(),
        postback: { mid: newMid(), title: 'How do I reset my password?', payload: 'FAQ_PASSWORD' },
      }] }],
    };
    expect((await post(payload)).status).toBe(200);
    const answer = await eventually(async () => sentTo(psid)[0], 30_000, 'the answer');
    expect(answer.text).toContain('Forgot password');
  });

  it('past 24 hours sends an operator\'s reply with the HUMAN_AGENT tag, and past 7 days refuses it on the issue', async () => {
    const psid = newId();
    expect((await post(directMessageWebhook('page', graph.pageId, { senderId: psid, mid: newMid(), text: 'I want to talk to a person please' }))).status).toBe(200);
    const customerId = await eventually(() => customerOf('facebook', psid), 10_000, 'the customer');
    const issueId = await eventually(async () => {
      const issue = await issueOf(customerId);
      return issue?.status === 'escalated' ? issue.id : undefined;
    }, 30_000, 'the escalated issue');
    const task = await eventually(async () => {
      const res = await sys.api('GET', `/api/v1/tasks?issueId=${issueId}`, { token: sys.operatorToken });
      return res.body.tasks.find((t: { issueId: string }) => t.issueId === issueId);
    }, 10_000, 'the human task');
    // the hand-over notice went out inside the window, untagged
    await eventually(async () => sentTo(psid)[0], 20_000, 'the hand-over notice');
    expect(sentTo(psid)[0].messaging_type).toBe('RESPONSE');

    await sys.db.query(`UPDATE social_inbound SET sent_at = now() - interval '25 hours' WHERE sender_id = $1`, [psid]);
    expect((await sys.api('POST', `/api/v1/tasks/${task.taskId}/claim`, { token: sys.operatorToken })).status).toBe(200);
    const late = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'Your refund went out today.' } });
    expect(late.status).toBe(201);
    const tagged = await eventually(async () => sentTo(psid).find((m) => m.text.includes('refund')), 30_000, 'the tagged reply');
    expect(tagged).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });

    await sys.db.query(`UPDATE social_inbound SET sent_at = now() - interval '8 days' WHERE sender_id = $1`, [psid]);
    const tooLate = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, { token: sys.operatorToken, body: { text: 'Anything else about the parcel?' } });
    expect(tooLate.status).toBe(201);
    const failure = await eventually(async () => {
      const { rows } = await sys.db.query(
        `SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'delivery_failed'`, [issueId]);
      return rows.find((r) => r.data.messageId === tooLate.body.messageId)?.data;
    }, 30_000, 'the failed delivery on the issue');
    expect(failure.error).toMatch(/more than 7 days ago/);
    expect(sentTo(psid).filter((m) => m.text.includes('parcel'))).toHaveLength(0);
  });
});

describe('comments', () => {
  it('records a Facebook comment that is not a question on the issue without answering it or asking a person (questions policy)', async () => {
    const fromId = newId();
    const commentId = `${newId()}_${newId()}`;
    graph.commenters.set(commentId, newId());
    const payload = feedCommentWebhook(graph.pageId, { commentId, postId: `${graph.pageId}_${newId()}`, fromId, name: 'Maria Ivanova', text: 'Great photos, thanks!' });
    expect((await post(payload)).status).toBe(200);
    const customerId = await eventually(() => customerOf('facebook', fromId), 10_000, 'the commenter');
    const issue = await eventually(() => issueOf(customerId), 20_000, 'the issue');
    // recorded for people, with why: no answer is drafted and no person is asked to answer it
    const recorded = await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'recorded_only'`, [issue.id]);
      return rows[0]?.data;
    }, 30_000, 'the comment recorded only');
    expect(recorded).toMatchObject({ channel: 'facebook', externalMessageId: `comment:${commentId}` });
    const state = await sys.api('GET', `/api/v1/issues/${issue.id}`, { token: sys.adminToken });
    expect(state.body.issue.messages.map((m: { author: string }) => m.author)).toEqual(['customer']);
    expect(state.body.issue.task).toBeUndefined();
    expect(state.body.issue.status).toBe('waiting_customer');
    expect(await inboundTexts(customerId)).toEqual([{ channel: 'facebook', text: 'Great photos, thanks!', external_message_id: `comment:${commentId}` }]);
    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toHaveLength(0);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(0);
  });

  it('answers a Facebook question comment privately; the commenter\'s reply in Messenger (a PSID Meta named) continues the same issue', async () => {
    const fromId = newId();
    const psid = newId();
    const commentId = `${newId()}_${newId()}`;
    graph.commenters.set(commentId, psid);
    const payload = feedCommentWebhook(graph.pageId, { commentId, postId: `${graph.pageId}_${newId()}`, fromId, name: 'Oleg Petrov', text: 'how do I reset my password' });
    expect((await post(payload)).status).toBe(200);
    const privateReply = await eventually(async () => graph.sent.find((m) => m.recipient.comment_id === commentId), 30_000, 'the private reply');
    expect(privateReply.text).toContain('Forgot password');
    expect(await eventually(async () => graph.commentReplies.find((r) => r.commentId === commentId), 10_000, 'the public reply'))
      .toMatchObject({ edge: 'comments', text: 'We have sent you the answer in a private message.' });
    const customerId = await customerOf('facebook', fromId);
    expect(await eventually(() => customerOf('facebook', psid), 10_000, 'the PSID linked')).toBe(customerId);
    const { rows: named } = await sys.db.query('SELECT display_name FROM customers WHERE id = $1', [customerId]);
    expect(named[0].display_name).toBe('Oleg Petrov');

    const mid = newMid();
    expect((await post(directMessageWebhook('page', graph.pageId, { senderId: psid, mid, text: 'Thanks, and how do I reset my password in the app?' }))).status).toBe(200);
    await eventually(async () => sentTo(psid).find((m) => m.recipient.id === psid), 30_000, 'the Messenger answer');
    const { rows: issues } = await sys.db.query('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
    expect(issues).toHaveLength(1);
    expect((await inboundTexts(customerId!)).map((t) => t.external_message_id)).toEqual([`comment:${commentId}`, mid]);
  });

  it('answers an Instagram comment privately with a short public reply, and the Direct conversation that follows is the same issue', async () => {
    const igsid = newId(17);
    const commentId = newId(17);
    graph.commenters.set(commentId, igsid); // Instagram's private reply reaches the commenter's IGSID
    const comment = instagramCommentWebhook(graph.instagramAccountId, {
      commentId, mediaId: newId(17), fromId: igsid, username: 'anna.k', text: 'How do I reset my password?',
    });
    expect((await post(comment)).status).toBe(200);
    expect((await post(comment)).status).toBe(200); // re-delivered: one message, one answer

    const privateReply = await eventually(async () => graph.sent.find((m) => m.recipient.comment_id === commentId), 30_000, 'the private reply');
    expect(privateReply.text).toContain('Forgot password');
    const publicReply = await eventually(async () => graph.commentReplies.find((r) => r.commentId === commentId), 10_000, 'the public reply');
    expect(publicReply.edge).toBe('replies');
    expect(publicReply.text).toBe('We have sent you the answer in a private message.');

    const customerId = (await customerOf('instagram', igsid))!;
    const issue = (await issueOf(customerId))!;
    // the customer writes back in Direct
    const mid = newMid();
    expect((await post(directMessageWebhook('instagram', graph.instagramAccountId, { senderId: igsid, mid, text: 'Thanks! And how do I reset my password on the app?' }))).status).toBe(200);
    const direct = await eventually(async () => sentTo(igsid).find((m) => m.recipient.id === igsid), 30_000, 'the Direct answer');
    expect(direct.messaging_type).toBe('RESPONSE');

    const { rows: issues } = await sys.db.query('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
    expect(issues.map((r) => r.id)).toEqual([issue.id]);
    const texts = await inboundTexts(customerId);
    expect(texts.map((t) => t.external_message_id)).toEqual([`comment:${commentId}`, mid]);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(1);
    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toHaveLength(1);
  });
});

describe('hiding comments', () => {
  async function commentMessage(externalMessageId: string): Promise<{ issueId: string; messageId: string }> {
    return eventually(async () => {
      const { rows } = await sys.db.query('SELECT id, issue_id FROM messages WHERE external_message_id = $1', [externalMessageId]);
      return rows[0] ? { issueId: rows[0].issue_id, messageId: rows[0].id } : undefined;
    }, 30_000, 'the comment on the issue');
  }
  const setHidden = (issueId: string, messageId: string, hidden: unknown) =>
    sys.api('PUT', `/api/v1/issues/${issueId}/comments/${messageId}/hidden`, { token: sys.operatorToken, body: { hidden } });

  it('hides and unhides a Facebook comment (is_hidden) and an Instagram comment (hide), each recorded on the issue', async () => {
    const commentId = `${newId()}_${newId()}`;
    expect((await post(feedCommentWebhook(graph.pageId, {
      commentId, postId: `${graph.pageId}_${newId()}`, fromId: newId(), name: 'Troll', text: 'This shop is a scam, idiots',
    }))).status).toBe(200);
    const { issueId, messageId } = await commentMessage(`comment:${commentId}`);
    const before = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(before.status).toBe(200);
    expect(before.body.comments).toEqual([expect.objectContaining({ messageId, channel: 'facebook', commentId, hidden: false, moderation: 'hide', events: [] })]);

    const hidden = await setHidden(issueId, messageId, true);
    expect(hidden.status).toBe(200);
    expect(hidden.body.comment).toMatchObject({ messageId, hidden: true });
    expect(graph.moderation.filter((m) => m.commentId === commentId)).toEqual([{ commentId, params: { is_hidden: true } }]);
    // hiding what is hidden asks Meta nothing
    expect((await setHidden(issueId, messageId, true)).status).toBe(200);
    expect(graph.moderation.filter((m) => m.commentId === commentId)).toHaveLength(1);
    expect((await setHidden(issueId, messageId, false)).status).toBe(200);
    expect(graph.moderation.filter((m) => m.commentId === commentId).map((m) => m.params)).toEqual([{ is_hidden: true }, { is_hidden: false }]);

    const after = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(after.body.comments[0].hidden).toBe(false);
    expect(after.body.comments[0].events.map((e: { type: string }) => e.type)).toEqual(['social_comment_hidden', 'social_comment_unhidden']);
    expect(after.body.comments[0].events[0].operatorId).toEqual(expect.any(String));
    const { rows } = await sys.db.query(`SELECT type, data FROM issue_events WHERE issue_id = $1 AND type LIKE 'social_comment_%hidden' ORDER BY created_at`, [issueId]);
    expect(rows.map((r) => r.type)).toEqual(['social_comment_hidden', 'social_comment_unhidden']);
    expect(rows[0].data).toMatchObject({ messageId, channel: 'facebook', commentId });

    const igComment = newId(17);
    expect((await post(instagramCommentWebhook(graph.instagramAccountId, {
      commentId: igComment, mediaId: newId(17), fromId: newId(17), username: 'spam.bot', text: 'Follow me for free followers',
    }))).status).toBe(200);
    const ig = await commentMessage(`comment:${igComment}`);
    expect((await setHidden(ig.issueId, ig.messageId, true)).status).toBe(200);
    expect(graph.moderation.filter((m) => m.commentId === igComment)).toEqual([{ commentId: igComment, params: { hide: true } }]);
  });

  it('refuses what is not a comment, a bad body, and shows Meta\'s refusal without recording anything', async () => {
    const psid = newId();
    const mid = newMid();
    expect((await post(directMessageWebhook('page', graph.pageId, { senderId: psid, mid, text: 'hello there' }))).status).toBe(200);
    const direct = await commentMessage(mid);
    const notComment = await setHidden(direct.issueId, direct.messageId, true);
    expect(notComment.status).toBe(409);
    expect(notComment.body.error.code).toBe('not_a_comment');
    expect((await setHidden(direct.issueId, 'no-such-message', true)).status).toBe(404);

    const commentId = `${newId()}_${newId()}`;
    expect((await post(feedCommentWebhook(graph.pageId, {
      commentId, postId: `${graph.pageId}_${newId()}`, fromId: newId(), name: 'Someone', text: 'Nice',
    }))).status).toBe(200);
    const { issueId, messageId } = await commentMessage(`comment:${commentId}`);
    expect((await setHidden(issueId, messageId, 'yes')).status).toBe(400);
    graph.failNext({ status: 400, code: 10, message: '(#10) Application does not have permission for this action' });
    const refused = await setHidden(issueId, messageId, true);
    expect(refused.status).toBe(502);
    expect(refused.body.error.code).toBe('platform_refused');
    expect(refused.body.error.message).toMatch(/permission/);
    const after = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(after.body.comments[0]).toMatchObject({ hidden: false, events: [] });
  });

  it('records a comment hidden and shown again on Facebook itself (feed verbs hide / unhide), with nobody of ours named', async () => {
    const commentId = `${newId()}_${newId()}`;
    const postId = `${graph.pageId}_${newId()}`;
    const fromId = newId();
    expect((await post(feedCommentWebhook(graph.pageId, { commentId, postId, fromId, name: 'Someone', text: 'Spam spam spam' }))).status).toBe(200);
    const { issueId } = await commentMessage(`comment:${commentId}`);
    const verb = (v: string) => {
      const body = feedCommentWebhook(graph.pageId, { commentId, postId, fromId, name: 'Someone', text: 'Spam spam spam' });
      (body.entry[0].changes[0].value as Record<string, unknown>).verb = v;
      return body;
    };
    expect((await post(verb('hide'))).status).toBe(200);
    expect((await post(verb('hide'))).status).toBe(200); // re-delivered: one event
    const hidden = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(hidden.body.comments[0]).toMatchObject({ hidden: true });
    expect(hidden.body.comments[0].events).toEqual([expect.objectContaining({ type: 'social_comment_hidden', data: expect.objectContaining({ by: 'platform' }) })]);
    expect(hidden.body.comments[0].events[0].operatorId).toBeUndefined();
    expect((await post(verb('unhide'))).status).toBe(200);
    const shown = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(shown.body.comments[0].hidden).toBe(false);
    expect(shown.body.comments[0].events.map((e: { type: string }) => e.type)).toEqual(['social_comment_hidden', 'social_comment_unhidden']);
    expect(graph.moderation.filter((m) => m.commentId === commentId)).toEqual([]);
  });
});
