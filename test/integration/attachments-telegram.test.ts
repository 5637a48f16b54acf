/**
 * Telegram photos and documents, end to end (gateway, worker, Temporal, PostgreSQL and a fake Bot API speaking
 * getFile and the file download): the photo reaches the operator through a signed link; a file over the limit
 * or of a type not taken is refused in the chat, and the message is kept with a note.
 */
import { rm } from 'node:fs/promises';
import type { Update } from '@grammyjs/types';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';
import { claimTaskOf, uploadForReply } from '../support/operator-uploads';

const SECRET = 'tg-webhook-secret_files';
const DIR = `/tmp/attach/it-telegram-${process.pid}`;
let telegram: FakeTelegram;
let sys: TestSystem;

beforeAll(async () => {
  telegram = await startFakeTelegram();
  sys = await startTestSystem({
    TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_BASE_URL: telegram.baseUrl,
    ATTACHMENTS_DIR: DIR, ATTACHMENTS_MAX_BYTES: String(16 * 1024),
  });
});
afterAll(async () => {
  await sys?.stop();
  await telegram?.close();
  await rm(DIR, { recursive: true, force: true });
});

let nextUpdate = Math.floor(Date.now() / 1000);
function fileUpdate(userId: number, media: Pick<NonNullable<Update['message']>, 'photo' | 'document' | 'caption'>): Update {
  const updateId = nextUpdate++;
  return {
    update_id: updateId,
    message: {
      message_id: updateId + 3, date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: 'private', first_name: 'Tanya' },
      from: { id: userId, is_bot: false, first_name: 'Tanya' },
      ...media,
    } as NonNullable<Update['message']>,
  };
}
const post = (update: Update) => sys.api('POST', '/webhooks/telegram', { body: update, headers: { 'x-telegram-bot-api-secret-token': SECRET } });

async function firstMessageOf(userId: number) {
  return eventually(async () => {
    const { rows } = await sys.db.query<{ id: string }>(
      `SELECT i.id FROM issues i JOIN customer_identities ci ON ci.customer_id = i.customer_id
       WHERE ci.channel = 'telegram' AND ci.external_id = $1`, [String(userId)],
    );
    if (!rows[0]) return undefined;
    const res = await sys.api('GET', `/api/v1/issues/${rows[0].id}`, { token: sys.operatorToken });
    return res.body?.issue?.messages?.[0];
  }, 30_000, 'the message on the issue');
}

describe('attachments in Telegram', () => {
  it('a photo with a caption reaches the operator; a re-delivery stores nothing twice', async () => {
    const userId = 700_000 + Math.floor(Math.random() * 100_000);
    const small = telegram.addFile(tinyPng().subarray(0, 60), 'photos/file_1.png');
    const large = telegram.addFile(tinyPng(), 'photos/file_2.png');
    const update = fileUpdate(userId, {
      caption: 'Broken parcel',
      photo: [{ file_id: small, file_unique_id: 's', width: 1, height: 1 }, { file_id: large, file_unique_id: 'l', width: 1, height: 1, file_size: tinyPng().length }],
    });
    expect((await post(update)).status).toBe(200);
    expect((await post(update)).status).toBe(200);
    const message = await firstMessageOf(userId);
    expect(message.text).toBe(`Broken parcel\n[customer attached photo-${update.message!.message_id}.png]`);
    expect(message.attachments).toEqual([expect.objectContaining({ contentType: 'image/png', size: tinyPng().length })]);
    const file = await fetch(new URL(message.attachments[0].url, sys.url));
    expect(Buffer.from(await file.arrayBuffer())).toEqual(tinyPng());
    const { rows } = await sys.db.query('SELECT count(*)::int AS n FROM attachments WHERE channel = $1 AND external_message_id = $2', ['telegram', String(update.update_id)]);
    expect(rows[0].n).toBe(1);
  }, 60_000);

  it('refuses a document over the limit and an executable in the chat, and keeps the message with a note', async () => {
    const userId = 800_000 + Math.floor(Math.random() * 100_000);
    const big = telegram.addFile(Buffer.concat([tinyPdf(), Buffer.alloc(20 * 1024)]), 'documents/big.pdf');
    const answer = await post(fileUpdate(userId, { caption: 'scan', document: { file_id: big, file_unique_id: 'b', file_name: 'scan.pdf', file_size: 20 * 1024 + 200 } }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ method: 'sendMessage', chat_id: userId, text: expect.stringMatching(/could not take scan\.pdf is larger than the limit/) });
    const exe = telegram.addFile(windowsExecutable(), 'documents/tool.exe');
    const refused = await post(fileUpdate(userId, { document: { file_id: exe, file_unique_id: 'e', file_name: 'photo.png' } }));
    expect(refused.body.text).toMatch(/photo\.png is of a type not accepted \(EXE\)/);
    const message = await firstMessageOf(userId);
    expect(message.text).toMatch(/^scan\n\[scan\.pdf was not accepted: scan\.pdf is larger than the limit/);
    expect(message.attachments).toBeUndefined();
  }, 60_000);

  it("sends an operator's files after the reply's text: a photo with sendPhoto, a PDF with sendDocument", async () => {
    const userId = 900_000 + Math.floor(Math.random() * 100_000);
    const update = fileUpdate(userId, { caption: 'My parcel arrived broken and the box was wet', photo: [{ file_id: telegram.addFile(tinyPng(), 'photos/p.png'), file_unique_id: 'p', width: 1, height: 1 }] });
    await post(update);
    const { rows } = await eventually(async () => {
      const found = await sys.db.query<{ id: string }>(
        `SELECT i.id FROM issues i JOIN customer_identities ci ON ci.customer_id = i.customer_id WHERE ci.channel = 'telegram' AND ci.external_id = $1`, [String(userId)]);
      return found.rows.length ? found : undefined;
    }, 30_000, 'the issue');
    const issueId = rows[0]!.id;
    await claimTaskOf(sys, issueId);
    const photo = (await uploadForReply(sys, issueId, tinyPng(), 'how-to-pack.png')).body.attachments[0].id;
    const label = (await uploadForReply(sys, issueId, tinyPdf('Label'), 'label.pdf')).body.attachments[0].id;
    const reply = await sys.api('POST', `/api/v1/issues/${issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Sorry! Here is how we pack, and your label.', attachmentIds: [photo, label] },
    });
    expect(reply.status).toBe(201);
    const sent = await eventually(async () => {
      const mine = telegram.sentFiles.filter((f) => f.chat_id === userId);
      return mine.length === 2 ? mine : undefined;
    }, 30_000, 'the two files');
    expect(sent.map((f) => [f.method, f.name])).toEqual([['sendPhoto', 'how-to-pack.png'], ['sendDocument', 'label.pdf']]);
    expect(sent[1]!.bytes).toEqual(tinyPdf('Label'));
    expect(telegram.sent.some((m) => m.chat_id === userId && m.text.startsWith('Sorry! Here is how we pack'))).toBe(true);
  }, 90_000);
});
