/**
 * Mobile push on the API channel: an app registers its device token, and each reply then reaches the phone as an
 * FCM HTTP v1 notification (a loopback fake of Google's token endpoint and FCM), once, with what the app needs to
 * open the conversation. Real gateway, worker, Temporal and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { PushNotifier } from '../../src/channels/push/push-notifier';
import { loadPushSettings } from '../../src/channels/push/push-settings';
import { eventually } from '../support/temporal';
import { addPasswordArticle, startTestSystem, type TestSystem } from '../support/system';
import { startFakeFcm } from '../support/fake-fcm';

let sys: TestSystem;
let fcm: Awaited<ReturnType<typeof startFakeFcm>>;

beforeAll(async () => {
  fcm = await startFakeFcm();
  sys = await startTestSystem({ PUSH_FCM_SERVICE_ACCOUNT: fcm.serviceAccountJson, PUSH_FCM_BASE_URL: fcm.url });
  await addPasswordArticle(sys);
});

afterAll(async () => {
  await sys?.stop();
  await fcm?.close();
});

const send = (externalId: string, text: string) =>
  sys.api('POST', '/api/v1/messages', { token: sys.apiKey, body: { messageId: randomUUID(), customer: { externalId }, text } });
const register = (externalId: string, body: unknown) =>
  sys.api('POST', `/api/v1/customers/${externalId}/devices`, { token: sys.apiKey, body });

describe('API channel push', () => {
  it('notifies the registered device of each reply, with the issue to open', async () => {
    const externalId = `app-${randomUUID()}`;
    const answers = async (count: number) => eventually(async () => {
      const listed = await sys.api('GET', `/api/v1/customers/${externalId}/messages`, { token: sys.apiKey });
      const mine = listed.body.messages.filter((m: { author: string }) => m.author === 'assistant');
      return mine.length >= count ? mine : undefined;
    }, 30_000, `answer ${count}`);
    expect((await send(externalId, 'How do I reset my password?')).status).toBe(202);
    await answers(1);
    const token = `fcm-${randomUUID()}`;
    expect((await register(externalId, { platform: 'android', token })).status).toBe(201);
    const asked = await send(externalId, 'I forgot my password, how can I reset it?');
    const answer = (await answers(2))[1];
    // pushed: a preview and what the app needs to open the conversation (GET /api/v1/customers/{externalId}/messages)
    const push = await eventually(async () => fcm.pushes.find((p) => p.token === token && p.data.messageId === answer.id), 20_000, 'the push');
    expect(push.data).toEqual({ type: 'message', issueId: asked.body.issueId, messageId: answer.id });
    expect(answer.text.startsWith(push.notification.body.replace(/…$/, ''))).toBe(true);
    expect(fcm.pushes.filter((p) => p.data.messageId === answer.id)).toHaveLength(1);
  });

  it('refuses bad registrations and unknown customers; a device can be removed', async () => {
    const externalId = `app-${randomUUID()}`;
    expect((await register(externalId, { platform: 'android', token: 't' })).status).toBe(404);
    await send(externalId, 'hello');
    expect((await register(externalId, { platform: 'nokia', token: 't' })).status).toBe(400);
    expect((await register(externalId, { platform: 'ios', token: 'a\u0000b' })).status).toBe(400);
    expect((await sys.api('POST', `/api/v1/customers/${externalId}/devices`, { body: { platform: 'ios', token: 't' } })).status).toBe(401);
    expect((await register(externalId, { platform: 'ios', token: `gone-${externalId}` })).status).toBe(201);
    expect((await sys.api('DELETE', `/api/v1/customers/${externalId}/devices/gone-${externalId}`, { token: sys.apiKey })).status).toBe(204);
    expect((await sys.api('DELETE', `/api/v1/customers/${externalId}/devices/gone-${externalId}`, { token: sys.apiKey })).status).toBe(404);
  });

  it('pushes a message to a device once, retries what FCM could not take, and drops tokens FCM calls unregistered', async () => {
    const externalId = `app-${randomUUID()}`;
    const { body } = await send(externalId, 'hello');
    const { rows } = await sys.db.query<{ customer_id: string }>('SELECT customer_id FROM issues WHERE id = $1', [body.issueId]);
    const customerId = rows[0]!.customer_id;
    const live = `live-${randomUUID()}`;
    const dead = `dead-${randomUUID()}`;
    await register(externalId, { platform: 'android', token: live });
    await register(externalId, { platform: 'ios', token: dead });
    fcm.deadTokens.add(dead);
    const notifier = new PushNotifier(sys.db, loadPushSettings({ PUSH_FCM_SERVICE_ACCOUNT: fcm.serviceAccountJson, PUSH_FCM_BASE_URL: fcm.url }));
    const message = { messageId: `m-${randomUUID()}`, issueId: body.issueId, text: 'x'.repeat(500), externalId };

    fcm.failNext(1);
    await expect(notifier.notify(customerId, message)).rejects.toThrow(/503/);
    expect(await notifier.notify(customerId, message)).toBe(1); // the retry: the live device, now
    expect(await notifier.notify(customerId, message)).toBe(0); // a repeated delivery: nothing twice
    const mine = fcm.pushes.filter((p) => p.data.messageId === message.messageId);
    expect(mine.map((p) => p.token)).toEqual([live]);
    expect(mine[0]!.notification.body).toHaveLength(180);
    const { rows: devices } = await sys.db.query('SELECT token, disabled_at, last_error FROM push_devices WHERE customer_id = $1 ORDER BY token', [customerId]);
    expect(devices).toEqual([
      expect.objectContaining({ token: dead, disabled_at: expect.any(Date), last_error: 'FCM: UNREGISTERED' }),
      expect.objectContaining({ token: live, disabled_at: null }),
    ]);
  });

  it('refuses a service account that is not one at start-up', () => {
    expect(() => loadPushSettings({ PUSH_FCM_SERVICE_ACCOUNT: '{"type":"user"}' })).toThrow(/PUSH_FCM_SERVICE_ACCOUNT/);
    expect(() => loadPushSettings({ PUSH_FCM_SERVICE_ACCOUNT: '/nonexistent/key.json' })).toThrow(/readable JSON file/);
    expect(() => loadPushSettings({ PUSH_WEBHOOK_URL: 'http://h/push' })).toThrow(/PUSH_WEBHOOK_SECRET/);
  });
});
