/**
 * A multi-part Telegram or WhatsApp reply whose delivery attempt is cancelled or outlives its claim must not be
 * sent alongside the retry: against the real PostgreSQL, the real senders and loopback fakes of the Bot API and
 * the Cloud API that answer slowly (a part counts as sent when it reaches them, as it does for the customer).
 * The claim is shortened to seconds; the real one (45 s) outlasts the activity's start-to-close timeout (30 s)
 * and a part's HTTP timeout (10 s) the same way.
 */
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { CancelledFailure } from '@temporalio/activity';
import { deliveryActivities } from '../../activities/delivery-activities';
import type { DeliverInput } from '../../activities/types';
import type { ChannelSender } from '../../src/channels/outbound';
import { telegramModule } from '../../src/channels/telegram/module';
import { loadTelegramSettings } from '../../src/channels/telegram/settings';
import { whatsAppModule } from '../../src/channels/whatsapp/module';
import { loadWhatsAppSettings } from '../../src/channels/whatsapp/settings';
import { splitMessage } from '../../src/channels/message-split';
import { resolveCustomer } from '../../src/db/customers';
import { insertMessage } from '../../src/db/issue-projection';
import { IssueRegistry } from '../../src/db/issue-registry';
import type { Db } from '../../src/db/pool';
import { startFakeTelegram } from '../support/fake-telegram';
import { startFakeWhatsApp } from '../support/fake-whatsapp';
import { openTestDb } from '../support/system';
import { eventually } from '../support/temporal';

const CLAIM_SECONDS = 2;
const ANSWER_MS = 800;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A reply of four parts (each paragraph is one part), each part recognisable by its first words. */
const REPLY = [0, 1, 2, 3].map((i) => `Part ${i}. ${'Here is what we found about your order. '.repeat(75)}`).join('\n\n');
const label = (text: string) => text.slice(0, 7);

interface Messenger {
  channel: 'telegram' | 'whatsapp';
  sender: ChannelSender;
  /** the customer's id on the channel */
  externalId: string;
  /** what the fake took, in order: each text's first words ("Part 2.") */
  sent(): string[];
  answerAfterMs(ms: number): void;
  close(): Promise<void>;
}

let db: Db;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.end();
});

async function fakeTelegram(): Promise<Messenger> {
  const fake = await startFakeTelegram();
  const settings = loadTelegramSettings({
    TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_WEBHOOK_SECRET: 'overlap-secret', TELEGRAM_API_BASE_URL: fake.baseUrl,
  })!;
  return {
    channel: 'telegram',
    sender: telegramModule.sender!(settings, db),
    externalId: String(100_000_000 + Math.floor(Math.random() * 800_000_000)),
    sent: () => fake.sent.map((m) => label(m.text)),
    answerAfterMs: (ms) => { fake.answerAfterMs = ms; },
    close: () => fake.close(),
  };
}

async function fakeWhatsApp(): Promise<Messenger> {
  const fake = await startFakeWhatsApp();
  const settings = loadWhatsAppSettings({
    WHATSAPP_ACCESS_TOKEN: fake.accessToken, WHATSAPP_VERIFY_TOKEN: 'verify', WHATSAPP_APP_SECRET: 'app-secret',
    WHATSAPP_PHONE_NUMBER_ID: fake.phoneNumberId, WHATSAPP_API_BASE_URL: fake.baseUrl,
  })!;
  return {
    channel: 'whatsapp',
    sender: whatsAppModule.sender!(settings, db),
    externalId: `4915${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`,
    sent: () => fake.sent.map((m) => label(m.text?.body ?? `template ${m.template?.name}`)),
    answerAfterMs: (ms) => { fake.answerAfterMs = ms; },
    close: () => fake.close(),
  };
}

/** An operator's reply to a customer of the messenger, who wrote a moment ago (WhatsApp's service window is open). */
async function reply(messenger: Messenger): Promise<DeliverInput> {
  const { channel } = messenger;
  const customerId = await resolveCustomer(db, { channel, externalId: messenger.externalId });
  const issueId = randomUUID();
  await new IssueRegistry(db).recordStart({ issueId, customerId, workflowId: `support-issue-${customerId}`, channel, runId: randomUUID() });
  await insertMessage(db, issueId, customerId, {
    id: `${issueId}:in:1`, direction: 'inbound', author: 'customer', channel, text: 'Where is my order?', at: new Date().toISOString(),
  });
  const messageId = `${issueId}:out:1`;
  return {
    issueId, customerId, channel, messageId, text: REPLY,
    message: { id: messageId, direction: 'outbound', author: 'operator', channel, text: REPLY, at: new Date().toISOString() },
  };
}

describe.each([
  ['Telegram', fakeTelegram],
  ['WhatsApp', fakeWhatsApp],
])('%s', (_name, start) => {
  let messenger: Messenger;
  let deliverMessage: ReturnType<typeof deliveryActivities>['deliverMessage'];
  const parts = splitMessage(REPLY).map(label);

  beforeEach(async () => {
    messenger = await start();
    messenger.answerAfterMs(ANSWER_MS);
    deliverMessage = deliveryActivities(db, { [messenger.channel]: messenger.sender }, undefined, { claimSeconds: CLAIM_SECONDS }).deliverMessage;
  });
  afterEach(async () => {
    await messenger?.close();
  });

  it('the reply has the four parts these tests count on', () => {
    expect(parts).toEqual(['Part 0.', 'Part 1.', 'Part 2.', 'Part 3.']);
  });

  it('an attempt still sending when its claim would lapse (heartbeat lost, Temporal retrying) keeps the retry out', async () => {
    const input = await reply(messenger);
    const first = new MockActivityEnvironment().run(deliverMessage, input);
    // the retry Temporal starts on another worker, after the first attempt's claim would have run out
    await sleep(CLAIM_SECONDS * 1_000 + 300);
    const retry = await new MockActivityEnvironment().run(deliverMessage, input).then(() => 'sent', (e: { type?: string }) => e.type);
    await expect(first).resolves.toMatchObject({ pushed: true });
    expect(messenger.sent()).toEqual(parts);
    expect(retry).toBe('DeliveryInProgress');
    // the retry after that finds the message delivered
    await expect(new MockActivityEnvironment().run(deliverMessage, input)).resolves.toMatchObject({ pushed: true });
    expect(messenger.sent()).toEqual(parts);
  });

  it('a cancelled attempt sends no further part; the retry sends the rest, each part once', async () => {
    const input = await reply(messenger);
    const env = new MockActivityEnvironment();
    const first = env.run(deliverMessage, input);
    await eventually(async () => (messenger.sent().length === 1 ? true : undefined), 5_000, 'the first part in flight');
    env.cancel(); // the attempt timed out: Temporal tells the worker on its next heartbeat
    await expect(first).rejects.toBeInstanceOf(CancelledFailure);
    await sleep(ANSWER_MS * 2 + 300);
    expect(messenger.sent()).toEqual(parts.slice(0, 1)); // the part in flight went out; nothing after the cancel
    // the retry, once the cancelled attempt's claim has run out
    await sleep(CLAIM_SECONDS * 1_000);
    await expect(new MockActivityEnvironment().run(deliverMessage, input)).resolves.toMatchObject({ pushed: true });
    expect(messenger.sent()).toEqual(parts);
  });
});
