/**
 * The attachments' SQL on both databases (the embedded PGlite of `npm start` and a PostgreSQL server): a
 * re-delivered message's files are stored once, messages find their files, and an operator's upload rides on
 * one reply only.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attachments } from '../../src/attachments/attachments';
import { attachmentsOfMessages, linkToMessage, unsentUploads } from '../../src/attachments/attachment-rows';
import { LocalDiskStorage } from '../../src/attachments/local-storage';
import { loadAttachmentSettings } from '../../src/attachments/settings';
import { resolveCustomer } from '../../src/db/customers';
import { databaseBackends, migratedDatabase } from '../support/db-backends';
import { tinyPdf, tinyPng } from '../support/sample-files';

describe.each(databaseBackends())('attachment rows on %s', (backend) => {
  const current = migratedDatabase(backend);
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'sb-attachment-rows-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });
  const files = () => new Attachments(current.db, new LocalDiskStorage(dir), loadAttachmentSettings({ ATTACHMENTS_URL_SECRET: 'x'.repeat(32) }));

  it('stores a re-delivered message\'s files once, and messages find them', async () => {
    const attachments = files();
    const customerId = await resolveCustomer(current.db, { channel: 'api', externalId: `rows-${randomUUID()}` });
    const message = { customerId, channel: 'api', externalMessageId: `m-${randomUUID()}` };
    const checked = await attachments.inspect([{ bytes: tinyPng(), declaredName: 'a.png' }, { bytes: tinyPdf(), declaredName: 'b.pdf' }]);
    const first = await attachments.storeInbound(message, checked);
    const again = await attachments.storeInbound(message, checked);
    expect(again).toEqual(first);
    const { rows } = await current.db.query('SELECT count(*)::int AS n FROM attachments WHERE external_message_id = $1', [message.externalMessageId]);
    expect(rows[0].n).toBe(2);
    const found = await attachmentsOfMessages(current.db, customerId, [
      { id: 'msg-1', direction: 'inbound', channel: 'api', externalMessageId: message.externalMessageId },
      { id: 'msg-2', direction: 'inbound', channel: 'widget', externalMessageId: message.externalMessageId },
    ]);
    expect(found.get('msg-1')?.map((r) => r.file_name)).toEqual(['a.png', 'b.pdf']);
    expect(found.has('msg-2')).toBe(false);
  });

  it('sends an operator\'s upload with one reply only', async () => {
    const attachments = files();
    const customerId = await resolveCustomer(current.db, { channel: 'api', externalId: `rows-${randomUUID()}` });
    const issueId = randomUUID();
    const [reply, other] = [`out-${randomUUID()}`, `out-${randomUUID()}`];
    const [file] = await attachments.inspect([{ bytes: tinyPdf(), declaredName: 'label.pdf' }]);
    const ref = await attachments.storeOperatorUpload(issueId, customerId, randomUUID(), file!);
    expect((await unsentUploads(current.db, issueId, [ref.id])).map((r) => r.id)).toEqual([ref.id]);
    expect(await unsentUploads(current.db, randomUUID(), [ref.id])).toEqual([]);
    await linkToMessage(current.db, issueId, [ref.id], reply);
    await linkToMessage(current.db, issueId, [ref.id], reply); // a retry ties it to the same reply
    await linkToMessage(current.db, issueId, [ref.id], other); // another reply cannot take it
    expect(await unsentUploads(current.db, issueId, [ref.id])).toEqual([]);
    const byReply = await attachmentsOfMessages(current.db, customerId, [{ id: reply, direction: 'outbound', channel: 'api' }]);
    expect(byReply.get(reply)?.map((r) => r.id)).toEqual([ref.id]);
    // another customer's message of the same id sees nothing of it
    expect((await attachmentsOfMessages(current.db, randomUUID(), [{ id: reply, direction: 'outbound', channel: 'api' }])).size).toBe(0);
    expect((await readdir(dir, { recursive: true })).length).toBeGreaterThan(0);
  });
});
