/**
 * Attachments in the web widget's API, end to end (gateway, worker, Temporal, PostgreSQL): the visitor's photo
 * is kept and shown back with a signed link, the operator's file on a reply reaches the visitor's history, and
 * a refused file gets the reason the widget shows.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { startTestSystem, type TestSystem } from '../support/system';
import { eventually } from '../support/temporal';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';
import { claimTaskOf, uploadForReply } from '../support/operator-uploads';

const DIR = `/tmp/attach/it-widget-${process.pid}`;
let sys: TestSystem;

beforeAll(async () => {
  sys = await startTestSystem({ ATTACHMENTS_DIR: DIR, ATTACHMENTS_MAX_BYTES: String(32 * 1024) });
});
afterAll(async () => {
  await sys?.stop();
  await rm(DIR, { recursive: true, force: true });
});

async function visitor(): Promise<string> {
  const session = await sys.api('POST', '/api/v1/widget/sessions', { body: { siteKey: 'demo' } });
  return session.body.token as string;
}

async function postFiles(token: string, files: { bytes: Buffer; name: string }[], text?: string) {
  const form = new FormData();
  form.set('messageId', `w-${randomUUID()}`);
  if (text) form.set('text', text);
  for (const f of files) form.append('files', new Blob([f.bytes]), f.name);
  const response = await fetch(`${sys.url}/api/v1/widget/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: response.status, body: await response.json() as any };
}

const history = async (token: string) => (await sys.api('GET', '/api/v1/widget/messages', { token })).body.messages as any[];

describe('attachments in the web widget', () => {
  it("shows the visitor's photo back through a signed link, and the operator's file on the reply", async () => {
    const token = await visitor();
    const sent = await postFiles(token, [{ bytes: tinyPng(), name: 'parcel.png' }], 'My parcel arrived broken and the box was wet');
    expect(sent.status).toBe(202);
    const mine = await eventually(async () => (await history(token)).find((m) => m.author === 'customer'), 20_000, 'the message');
    expect(mine.text).toBe('My parcel arrived broken and the box was wet\n[customer attached parcel.png]');
    expect(mine.attachments).toEqual([expect.objectContaining({ name: 'parcel.png', contentType: 'image/png', url: expect.stringMatching(/^\/attachments\//) })]);
    const image = await fetch(`${sys.url}${mine.attachments[0].url}`);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(tinyPng());
    // a widget on a customer's site loads the image from our origin
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');

    await claimTaskOf(sys, sent.body.issueId);
    const fileId = (await uploadForReply(sys, sent.body.issueId, tinyPdf('Label'), 'label.pdf')).body.attachments[0].id;
    const reply = await sys.api('POST', `/api/v1/issues/${sent.body.issueId}/replies`, {
      token: sys.operatorToken, body: { text: 'Print this label, please.', attachmentIds: [fileId] },
    });
    const theirs = await eventually(async () => (await history(token)).find((m) => m.id === reply.body.messageId), 20_000, 'the reply');
    expect(theirs.attachments).toEqual([expect.objectContaining({ id: fileId, name: 'label.pdf' })]);
  }, 90_000);

  it('refuses a file over the limit or of a type not taken, with a reason the widget shows', async () => {
    const token = await visitor();
    const big = await postFiles(token, [{ bytes: Buffer.concat([tinyPdf(), Buffer.alloc(40 * 1024)]), name: 'scan.pdf' }]);
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('attachment_too_large');
    const exe = await postFiles(token, [{ bytes: windowsExecutable(), name: 'photo.png' }]);
    expect(exe.status).toBe(415);
    expect(exe.body.error.message).toMatch(/photo\.png is of a type not accepted/);
    const many = await postFiles(token, [1, 2, 3, 4].map((i) => ({ bytes: tinyPng(), name: `p${i}.png` })));
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/at most 3 files/);
    expect(await history(token)).toEqual([]);
  }, 60_000);
});
