/**
 * VK through the Callback API, with the real gateway, worker, Temporal and database and a fake VK API on
 * loopback that, like VK, drops a repeated messages.send by its random_id.
 */
import { eventually } from '../support/temporal';
import { startTestSystem, type TestSystem, addPasswordArticle } from '../support/system';
import { startFakeVk, vkEvent, vkMessageNew, vkWallReplyDelete, vkWallReplyNew, type FakeVk } from '../support/fake-vk';

const SECRET = 'vkSecretKey2026';
const CONFIRMATION = '1a2b3c4d';
let sys: TestSystem;
let vk: FakeVk;
let nextUser = 700_000_000 + Math.floor(Math.random() * 1_000_000);
let nextMessage = 5_000_000 + Math.floor(Math.random() * 1_000_000);

beforeAll(async () => {
  vk = await startFakeVk();
  sys = await startTestSystem({
    VK_ACCESS_TOKEN: vk.accessToken,
    VK_GROUP_ID: String(vk.groupId),
    VK_CONFIRMATION_CODE: CONFIRMATION,
    VK_SECRET: SECRET,
    VK_API_BASE_URL: vk.baseUrl,
  });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await vk?.close();
});

const callback = (event: unknown) => sys.api('POST', '/webhooks/vk', { body: event });

async function customerOf(userId: number): Promise<string | undefined> {
  const { rows } = await sys.db.query(`SELECT customer_id FROM customer_identities WHERE channel = 'vk' AND external_id = $1`, [String(userId)]);
  return rows[0]?.customer_id;
}

const deliveredTo = (userId: number) => vk.delivered.filter((m) => m.peerId === String(userId));

describe('VK Callback API', () => {
  it('answers the confirmation event with the confirmation code, and only for our group with our secret', async () => {
    const ok = await callback(vkEvent(vk.groupId, SECRET, 'confirmation'));
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toBe(CONFIRMATION);
    expect((await callback(vkEvent(vk.groupId, 'wrong', 'confirmation'))).status).toBe(401);
    expect((await callback(vkEvent(vk.groupId + 1, SECRET, 'confirmation'))).status).toBe(403);
  });

  it('checks the secret on every event: a message with a wrong or missing secret is refused and not recorded', async () => {
    const userId = nextUser++;
    const event = vkMessageNew(vk.groupId, 'notTheSecret', { userId, id: nextMessage++, text: 'hello' });
    const res = await callback(event);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    const { secret: _s, ...unsigned } = event;
    expect((await callback(unsigned)).status).toBe(401);
    expect(await customerOf(userId)).toBeUndefined();
  });

  it('answers message_new with "ok" once recorded, replies by messages.send, and a re-delivered event changes nothing', async () => {
    const userId = nextUser++;
    vk.users.set(String(userId), { first_name: 'Ирина', last_name: 'Соколова' });
    const event = vkMessageNew(vk.groupId, SECRET, { userId, id: nextMessage++, text: 'How do I reset my password?' });
    const first = await callback(event);
    expect(first).toEqual({ status: 200, body: 'ok' });
    expect(await customerOf(userId)).toBeDefined();
    expect((await callback({ ...event, event_id: 'redelivered' })).body).toBe('ok');
    const answer = await eventually(async () => deliveredTo(userId)[0], 30_000, 'the answer');
    expect(answer.text).toContain('Forgot password');
    expect(Number(answer.randomId)).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(deliveredTo(userId)).toHaveLength(1);
    const { rows } = await sys.db.query(
      `SELECT count(*)::int AS n FROM messages WHERE customer_id = $1 AND direction = 'inbound'`, [await customerOf(userId)]);
    expect(rows[0].n).toBe(1);
    // the name from the person's VK profile (users.get), asked at their first message
    const { rows: named } = await sys.db.query('SELECT display_name FROM customers WHERE id = $1', [await customerOf(userId)]);
    expect(named[0].display_name).toBe('Ирина Соколова');
  });

  it('a delivery retried after its answer was lost sends nothing twice: the same random_id, dropped by VK', async () => {
    const userId = nextUser++;
    vk.loseNextAnswerTo(String(userId));
    expect((await callback(vkMessageNew(vk.groupId, SECRET, { userId, id: nextMessage++, text: 'How do I reset my password?' }))).body).toBe('ok');
    const calls = await eventually(async () => {
      const mine = vk.sendCalls.filter((c) => c.peerId === String(userId));
      return mine.length >= 2 ? mine : undefined;
    }, 30_000, 'the retried send');
    expect(new Set(calls.map((c) => c.randomId)).size).toBe(1);
    expect(deliveredTo(userId)).toHaveLength(1);
    await eventually(async () => {
      const { rows } = await sys.db.query(
        `SELECT delivered_at FROM messages WHERE customer_id = $1 AND direction = 'outbound'`, [await customerOf(userId)]);
      return rows[0]?.delivered_at ?? undefined;
    }, 20_000, 'the message marked delivered');
  });

  it('waits out "too many requests" (6) and "flood control" (9) and then delivers once', async () => {
    const userId = nextUser++;
    vk.failNext(6, 9);
    expect((await callback(vkMessageNew(vk.groupId, SECRET, { userId, id: nextMessage++, text: 'How do I reset my password?' }))).body).toBe('ok');
    const answer = await eventually(async () => deliveredTo(userId)[0], 90_000, 'the answer after the rate limits');
    expect(answer.text).toContain('Forgot password');
    expect(deliveredTo(userId)).toHaveLength(1);
  }, 120_000);
});

describe('VK wall comments', () => {
  it('records a comment that is not a question without answering it or asking a person; answers a question (no "?", a question word) privately and publicly', async () => {
    const userId = nextUser++;
    const postId = 4200 + Math.floor(Math.random() * 1000);
    const thanks = vkWallReplyNew(vk.groupId, SECRET, { userId, id: nextMessage++, postId, text: 'Классный пост, спасибо' });
    expect((await callback(thanks)).body).toBe('ok');
    const customerId = await eventually(() => customerOf(userId), 10_000, 'the commenter');
    const issueId = await eventually(async () => {
      const { rows } = await sys.db.query('SELECT id FROM issues WHERE customer_id = $1', [customerId]);
      return rows[0]?.id as string | undefined;
    }, 20_000, 'the issue');
    // recorded for people: neither answered by the assistant nor handed to a person
    const recorded = await eventually(async () => {
      const { rows } = await sys.db.query(`SELECT data FROM issue_events WHERE issue_id = $1 AND type = 'recorded_only'`, [issueId]);
      return rows[0]?.data;
    }, 30_000, 'the comment recorded only');
    expect(recorded).toMatchObject({ channel: 'vk' });
    const { rows: tasks } = await sys.db.query('SELECT id FROM human_tasks WHERE issue_id = $1', [issueId]);
    expect(tasks).toHaveLength(0);
    expect(vk.comments.filter((c) => c.postId === String(postId))).toHaveLength(0);
    expect(deliveredTo(userId)).toHaveLength(0);

    const asker = nextUser++;
    const question = vkWallReplyNew(vk.groupId, SECRET, { userId: asker, id: nextMessage++, postId, text: 'How do I reset my password' });
    expect((await callback(question)).body).toBe('ok');
    const privately = await eventually(async () => deliveredTo(asker)[0], 30_000, 'the private message');
    expect(privately.text).toContain('Forgot password');
    const publicly = await eventually(async () => vk.comments.find((c) => c.postId === String(postId)), 10_000, 'the public reply');
    expect(publicly).toMatchObject({
      ownerId: String(-vk.groupId), fromGroup: String(vk.groupId), replyToComment: String((question.object as { id: number }).id),
      text: 'We have sent you the answer in a private message.',
    });
    expect(publicly.guid).toMatch(/^[0-9a-f]{32}$/);
  });

  it('answers publicly in full when the commenter does not accept messages from the community', async () => {
    const userId = nextUser++;
    vk.noMessages.add(String(userId));
    const postId = 6200 + Math.floor(Math.random() * 1000);
    expect((await callback(vkWallReplyNew(vk.groupId, SECRET, { userId, id: nextMessage++, postId, text: 'How do I reset my password?' }))).body).toBe('ok');
    const publicly = await eventually(async () => vk.comments.find((c) => c.postId === String(postId)), 30_000, 'the public reply');
    expect(publicly.text).toContain('Forgot password');
    expect(deliveredTo(userId)).toHaveLength(0);
    const { rows } = await sys.db.query(
      `SELECT e.data FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE i.customer_id = $1 AND e.type = 'social_private_reply_skipped'`,
      [await customerOf(userId)]);
    expect(rows[0].data.reason).toMatch(/without permission/);
  });
});

describe('deleting VK comments', () => {
  it('deletes and restores a wall comment (wall.deleteComment / wall.restoreComment), each recorded on the issue', async () => {
    const userId = nextUser++;
    const id = nextMessage++;
    const postId = 42;
    expect((await callback(vkWallReplyNew(vk.groupId, SECRET, { userId, id, postId, text: 'Купите подписчиков дёшево' }))).body).toBe('ok');
    const { issueId, messageId } = await eventually(async () => {
      const { rows } = await sys.db.query('SELECT id, issue_id FROM messages WHERE external_message_id = $1', [`comment:${postId}_${id}`]);
      return rows[0] ? { issueId: rows[0].issue_id as string, messageId: rows[0].id as string } : undefined;
    }, 30_000, 'the comment on the issue');
    const setHidden = (hidden: boolean) =>
      sys.api('PUT', `/api/v1/issues/${issueId}/comments/${messageId}/hidden`, { token: sys.operatorToken, body: { hidden } });
    const listed = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(listed.body.comments).toEqual([expect.objectContaining({ messageId, channel: 'vk', commentId: String(id), hidden: false, moderation: 'delete' })]);

    expect((await setHidden(true)).status).toBe(200);
    expect((await setHidden(false)).status).toBe(200);
    expect(vk.moderation.filter((m) => m.commentId === String(id))).toEqual([
      { method: 'wall.deleteComment', ownerId: String(-vk.groupId), commentId: String(id) },
      { method: 'wall.restoreComment', ownerId: String(-vk.groupId), commentId: String(id) },
    ]);
    const after = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(after.body.comments[0].events.map((e: { type: string }) => e.type)).toEqual(['social_comment_hidden', 'social_comment_unhidden']);
    expect(after.body.comments[0].events[0].data).toMatchObject({ how: 'deleted' });
  });

  it('records a comment deleted on VK itself (wall_reply_delete) on the issue', async () => {
    const userId = nextUser++;
    const id = nextMessage++;
    const postId = 43;
    expect((await callback(vkWallReplyNew(vk.groupId, SECRET, { userId, id, postId, text: 'Реклама: заработок без вложений' }))).body).toBe('ok');
    const issueId = await eventually(async () => {
      const { rows } = await sys.db.query('SELECT issue_id FROM messages WHERE external_message_id = $1', [`comment:${postId}_${id}`]);
      return rows[0]?.issue_id as string | undefined;
    }, 30_000, 'the comment on the issue');
    expect((await callback(vkWallReplyDelete(vk.groupId, SECRET, { id, postId, deleterId: 1234 }))).body).toBe('ok');
    const listed = await sys.api('GET', `/api/v1/issues/${issueId}/comments`, { token: sys.operatorToken });
    expect(listed.body.comments[0]).toMatchObject({ hidden: true });
    expect(listed.body.comments[0].events).toEqual([expect.objectContaining({ type: 'social_comment_hidden', data: expect.objectContaining({ by: 'platform', how: 'deleted' }) })]);
  });
});
