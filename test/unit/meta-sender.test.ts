/** The Meta sender alone against the fake Graph API on loopback, with an in-memory store and a set clock. */
import { ApplicationFailure } from '@temporalio/common';
import { PermanentDeliveryError, type OutboundMessage } from '../../src/channels/outbound';
import type { PartKind } from '../../src/channels/outbound-parts';
import { MetaGraphApi } from '../../src/channels/meta/graph-api';
import { MetaSender, splitForPlatform } from '../../src/channels/meta/sender';
import type { ReplyTarget, SocialOutboundStore } from '../../src/channels/social/social-store';
import { startFakeMeta, type FakeMeta } from '../support/fake-meta';

const now = new Date('2026-12-03T12:00:00Z');
let graph: FakeMeta;

beforeAll(async () => {
  graph = await startFakeMeta();
});
afterAll(async () => graph.close());

class MemoryStore implements SocialOutboundStore {
  parts = new Map<string, Map<number, PartKind>>();
  notes: { type: string; data: Record<string, unknown> }[] = [];
  privateReplies: string[] = [];
  constructor(public target: ReplyTarget | undefined) {}
  async recipientOf() { return this.target?.senderId; }
  async sentParts(messageId: string) { return new Map(this.parts.get(messageId) ?? []); }
  async recordPart(p: { messageId: string; part: number; kind: PartKind }) {
    const parts = this.parts.get(p.messageId) ?? new Map();
    parts.set(p.part, p.kind);
    this.parts.set(p.messageId, parts);
  }
  async replyTarget() { return this.target; }
  async recordPrivateReply(target: ReplyTarget, id: string) {
    this.privateReplies.push(id);
    target.privateReplyId = id;
  }
  async recordIssueNote(note: { type: string; data: Record<string, unknown> }) { this.notes.push(note); }
}

function sender(platform: 'facebook' | 'instagram', store: MemoryStore) {
  const api = new MetaGraphApi({
    appSecret: 's', verifyToken: 'v', pageAccessToken: graph.accessToken, graphBaseUrl: graph.baseUrl, commentPolicy: 'questions',
  });
  return new MetaSender(platform, api, store, () => now);
}

let seq = 0;
const message = (text: string, author: OutboundMessage['author'] = 'assistant'): OutboundMessage => ({
  messageId: `issue-1:out:${++seq}`, issueId: '00000000-0000-4000-8000-000000000001', customerId: 'c', text, author,
});
const direct = (senderId: string, hoursAgo = 1): ReplyTarget => ({
  channel: 'facebook', externalMessageId: `m_${senderId}`, kind: 'direct', senderId, autoAnswer: true,
  sentAt: new Date(now.getTime() - hoursAgo * 3_600_000), lastDirectAt: new Date(now.getTime() - hoursAgo * 3_600_000),
});

describe('MetaSender', () => {
  it('waits as long as Meta asks on a 429 (Retry-After), retries throttling codes, and gives up on other 4xx', async () => {
    const store = new MemoryStore(direct('2001'));
    graph.failNext({ status: 429, code: 4, message: '(#4) Application request limit reached', retryAfter: '7' });
    const limited = await sender('facebook', store).send(message('hello')).catch((e) => e);
    expect(limited).toBeInstanceOf(ApplicationFailure);
    expect(limited).toMatchObject({ nonRetryable: false, nextRetryDelay: '7s' });

    graph.failNext({ status: 400, code: 613, message: 'Calls to this api have exceeded the rate limit.' });
    const throttled = await sender('facebook', store).send(message('hello')).catch((e) => e);
    expect(throttled).toBeInstanceOf(ApplicationFailure);
    expect(throttled.nonRetryable).toBe(false);

    graph.failNext({ status: 400, code: 551, message: 'This person isn\'t available right now.' });
    await expect(sender('facebook', store).send(message('hello'))).rejects.toBeInstanceOf(PermanentDeliveryError);
    // and then it goes
    expect(await sender('facebook', store).send(message('hello again'))).toBe(true);
    expect(graph.sent.filter((m) => m.recipientId === '2001').map((m) => m.text)).toEqual(['hello again']);
  });

  it('a retry sends only the parts an earlier attempt did not send', async () => {
    const store = new MemoryStore(direct('2002'));
    const long = `${'a'.repeat(1_900)}.\n\n${'b'.repeat(1_900)}.\n\n${'c'.repeat(100)}`;
    const m = message(long);
    await store.recordPart({ messageId: m.messageId, part: 0, kind: 'text' }); // the earlier attempt's first part
    expect(await sender('facebook', store).send(m)).toBe(true);
    expect(graph.sent.filter((s) => s.recipientId === '2002').map((s) => s.text[0])).toEqual(['b', 'c']);
    expect(await sender('facebook', store).send(m)).toBe(true);
    expect(graph.sent.filter((s) => s.recipientId === '2002')).toHaveLength(2);
  });

  it('keeps every Instagram part within 1,000 bytes, however many bytes a character takes', () => {
    for (const text of ['a'.repeat(2_500), 'я'.repeat(1_200), '漢'.repeat(900)]) {
      const parts = splitForPlatform(text, 'instagram');
      expect(parts.join('')).toBe(text);
      for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(1_000);
    }
  });

  it('answers a comment publicly in full when Meta refuses the private reply, and records why', async () => {
    const commentId = '17990000000000001';
    const store = new MemoryStore({
      channel: 'instagram', externalMessageId: `comment:${commentId}`, kind: 'comment', senderId: '2003', commentId, autoAnswer: true,
      sentAt: new Date(now.getTime() - 3_600_000),
    });
    // no commenter known to the fake: Meta answers "(#100) No matching user found"
    expect(await sender('instagram', store).send(message('Open the sign-in page and choose "Forgot password".'))).toBe(true);
    expect(graph.commentReplies.find((r) => r.commentId === commentId)).toMatchObject({ edge: 'replies', text: 'Open the sign-in page and choose "Forgot password".' });
    expect(store.notes).toEqual([expect.objectContaining({ type: 'social_private_reply_skipped', data: expect.objectContaining({ reason: expect.stringMatching(/No matching user/) }) })]);
  });

  it('answers an Instagram comment publicly when the answer is over 1,000 bytes, too long for one private message', async () => {
    const commentId = '17990000000000003';
    graph.commenters.set(commentId, '2005');
    const store = new MemoryStore({
      channel: 'instagram', externalMessageId: `comment:${commentId}`, kind: 'comment', senderId: '2005', commentId, autoAnswer: true, sentAt: now,
    });
    const answer = 'Откройте страницу входа и выберите «Забыли пароль». '.repeat(12); // ~600 characters, ~1,100 bytes
    expect(await sender('instagram', store).send(message(answer))).toBe(true);
    expect(graph.sent.filter((m) => m.recipient.comment_id === commentId)).toHaveLength(0);
    expect(graph.commentReplies.find((r) => r.commentId === commentId)?.text).toBe(answer.trim());
    expect(store.notes[0].data.reason).toMatch(/longer than one private message/);
  });

  it('sends no assistant answer to a comment the policy leaves to operators, but an operator\'s reply goes', async () => {
    const commentId = '17990000000000002';
    graph.commenters.set(commentId, '2004');
    const store = new MemoryStore({
      channel: 'instagram', externalMessageId: `comment:${commentId}`, kind: 'comment', senderId: '2004', commentId, autoAnswer: false,
      policyReason: 'SOCIAL_COMMENT_POLICY=questions: the comment is not a question, so only an operator answers it', sentAt: now,
    });
    await expect(sender('instagram', store).send(message('Thanks for the kind words!'))).rejects.toThrow(/not posted under the comment: SOCIAL_COMMENT_POLICY=questions/);
    expect(store.notes[0]).toMatchObject({ type: 'social_comment_not_answered' });
    expect(graph.commentReplies.filter((r) => r.commentId === commentId)).toHaveLength(0);
    expect(await sender('instagram', store).send(message('Спасибо, что вы с нами!', 'operator'))).toBe(true);
    expect(graph.sent.find((m) => m.recipient.comment_id === commentId)?.text).toBe('Спасибо, что вы с нами!');
    expect(graph.commentReplies.find((r) => r.commentId === commentId)?.text).toBe('Ответили вам в личных сообщениях.');
  });
});
