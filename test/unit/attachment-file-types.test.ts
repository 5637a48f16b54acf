import { AttachmentRefused, inspectFile } from '../../src/attachments/file-types';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';

const MB = 1024 * 1024;

describe('what an attachment is, judged from its content', () => {
  it('takes a PNG as an image', async () => {
    expect(await inspectFile(tinyPng(), 'parcel.png', MB)).toEqual({ contentType: 'image/png', name: 'parcel.png', size: tinyPng().length });
  });

  it('a PDF named photo.jpg is a PDF, and is named so', async () => {
    expect(await inspectFile(tinyPdf(), 'photo.jpg', MB)).toMatchObject({ contentType: 'application/pdf', name: 'photo.pdf' });
  });

  it('refuses an executable renamed .png with 415', async () => {
    const refused = await inspectFile(windowsExecutable(), 'cute-cat.png', MB).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AttachmentRefused);
    expect(refused).toMatchObject({ status: 415, code: 'attachment_type_refused' });
  });

  it('refuses a file over the limit with 413 and says the limit', async () => {
    const refused = await inspectFile(Buffer.concat([tinyPdf(), Buffer.alloc(2 * MB)]), 'scan.pdf', MB).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 413, code: 'attachment_too_large' });
    expect((refused as Error).message).toMatch(/limit is 1\.0 MB/);
  });

  it('takes UTF-8 text named .txt, but not HTML or binary garbage named .txt', async () => {
    expect(await inspectFile(Buffer.from('Заказ 1042: коробка помята\n'), 'note.txt', MB)).toMatchObject({ contentType: 'text/plain; charset=utf-8' });
    await expect(inspectFile(Buffer.from([0xff, 0xfe, 0, 1, 2]), 'note.txt', MB)).rejects.toMatchObject({ status: 415 });
    await expect(inspectFile(Buffer.from('<html><script>alert(1)</script>'), 'page.html', MB)).rejects.toMatchObject({ status: 415 });
  });

  it('keeps no folder, control or quote characters of the declared name', async () => {
    expect((await inspectFile(tinyPng(), '..\\..\\evil"\u202ename.png', MB)).name).toBe('evilname.png');
    expect((await inspectFile(tinyPng(), undefined, MB)).name).toBe('attachment.png');
  });
});
