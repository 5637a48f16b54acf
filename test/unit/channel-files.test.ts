import { Attachments } from '../../src/attachments/attachments';
import { AttachmentRefused, inspectFile } from '../../src/attachments/file-types';
import { refusalNotice } from '../../src/channels/files/refusal-notice';
import { takeRemoteFiles } from '../../src/channels/files/remote-files';
import { metaWebhookSchema, readMetaWebhook } from '../../src/channels/meta/webhook-schema';
import { callbackSchema, readVkEvent } from '../../src/channels/vk/callback-schema';
import { parseWith } from '../../src/gateway/http-errors';
import { DownloadTooLarge } from '../../src/net/capped-download';
import { tinyPdf, tinyPng, windowsExecutable } from '../support/sample-files';

const MAX = 64 * 1024;
// inspect() touches neither the database nor the storage
const attachments = new Attachments(undefined as never, undefined as never, { maxBytes: MAX, urlTtlS: 900, storage: { kind: 'local' } });

describe('files of a platform message', () => {
  it('keeps good files, refuses oversized and foreign ones (an announced size is not even fetched), notes a file that cannot be had', async () => {
    const fetched: string[] = [];
    const file = (name: string, bytes: Buffer | Error, size?: number) => ({
      name, size, fetch: async () => { fetched.push(name); if (bytes instanceof Error) throw bytes; return bytes; },
    });
    const misses: string[] = [];
    const taken = await takeRemoteFiles(attachments, [
      file('photo', tinyPng()),
      file('big.pdf', tinyPdf(), MAX + 1),
      file('streamed.pdf', new DownloadTooLarge(MAX + 10)),
      file('setup.png', windowsExecutable()),
      file('gone.jpg', new Error('HTTP 404')),
    ], 'VK', (name) => misses.push(name));
    expect(taken.files.map((f) => f.name)).toEqual(['photo.png']);
    expect(fetched).not.toContain('big.pdf');
    expect(taken.refused.map((r) => [r.fileName, r.code])).toEqual([
      ['big.pdf', 'attachment_too_large'], ['streamed.pdf', 'attachment_too_large'], ['setup.png', 'attachment_type_refused'],
    ]);
    expect(taken.notes).toContain('[big.pdf was not accepted: big.pdf is 65 KB; the limit is 64 KB]');
    expect(taken.notes).toContain('[gone.jpg could not be fetched from VK; ask the customer to send it again]');
    expect(misses).toEqual(['gone.jpg']);
  });

  it('accepts the voice notes and videos messengers send (WhatsApp Opus, VK MP3, iPhone MOV, MP4, M4A, AMR)', async () => {
    const ogg = Buffer.alloc(64); ogg.write('OggS', 0); ogg.write('OpusHead', 28);
    const mp3 = Buffer.concat([Buffer.from([0xff, 0xfb, 0x90, 0x64]), Buffer.alloc(600)]);
    const box = (brand: string) => { const b = Buffer.alloc(64); b.writeUInt32BE(24, 0); b.write(`ftyp${brand}`, 4); return b; };
    const amr = Buffer.from(`#!AMR\n${'x'.repeat(40)}`);
    const types = await Promise.all([[ogg, 'voice.ogg'], [mp3, 'voice-1.mp3'], [box('qt  '), 'IMG_1.MOV'], [box('isom'), 'clip.mp4'], [box('M4A '), 'memo.m4a'], [amr, 'note.amr']]
      .map(async ([bytes, name]) => (await inspectFile(bytes as Buffer, name as string, MAX)).contentType));
    expect(types).toEqual(['audio/opus', 'audio/mpeg', 'video/quicktime', 'video/mp4', 'audio/x-m4a', 'audio/amr']);
  });

  it('tells the customer in English or Russian which file and why', () => {
    const refused = [
      new AttachmentRefused(413, 'attachment_too_large', 'x', 'scan.png'),
      new AttachmentRefused(415, 'attachment_type_refused', 'y', 'setup.exe'),
    ];
    expect(refusalNotice(refused, 'en', 10 * 1024 * 1024)).toBe('Sorry, we could not take scan.png: this file is too large (max 10.0 MB); '
      + 'setup.exe: we do not accept files of this type. Please send a smaller file, or a photo or PDF. Your message itself has reached us.');
    expect(refusalNotice(refused.slice(0, 1), 'ru', MAX)).toMatch(/^Извините, мы не смогли принять файл «scan\.png» слишком большой \(не больше 64 KB\)\./);
  });
});

describe('which attachments are fetched', () => {
  it('Meta: image/video/audio/file by their link; a story mention keeps its label (src/channels/meta/stories.ts)', () => {
    const read = readMetaWebhook(metaWebhookSchema.parse({
      object: 'instagram',
      entry: [{ id: '1784', messaging: [{
        sender: { id: '555' }, recipient: { id: '1784' }, timestamp: 1_700_000_000_000,
        message: { mid: 'm_1', attachments: [
          { type: 'image', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } },
          { type: 'file', payload: { url: 'https://cdn.fbsbx.com/v/t59/Invoice%2042.pdf?_nc_cat=1' } },
          { type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/story/2' } },
        ] },
      }] }],
    }));
    expect(read.events[0]!.files).toEqual([
      { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1', name: 'photo' },
      { url: 'https://cdn.fbsbx.com/v/t59/Invoice%2042.pdf?_nc_cat=1', name: 'Invoice 42.pdf' },
    ]);
    expect(read.events[0]!.text).toMatch(/^\[Instagram story mention: .*story\/2/);
  });

  it("VK: a photo's largest size, a document with its announced size, a voice message; a sticker keeps its placeholder", () => {
    const body = parseWith(callbackSchema, {
      type: 'message_new', group_id: 1, secret: 's', object: { message: {
        id: 9, date: 1_700_000_000, peer_id: 42, from_id: 42, text: '', attachments: [
          { type: 'photo', photo: { id: 7, sizes: [
            { type: 'x', url: 'https://sun9-1.userapi.com/x.jpg', width: 604, height: 453 },
            { type: 'w', url: 'https://sun9-1.userapi.com/w.jpg', width: 1280, height: 960 },
            { type: 's', url: 'https://sun9-1.userapi.com/s.jpg', width: 75, height: 56 },
          ] } },
          { type: 'doc', doc: { title: 'act', ext: 'pdf', size: 1234, url: 'https://vk.com/doc42_1?hash=a' } },
          { type: 'audio_message', audio_message: { link_mp3: 'https://psv4.userapi.com/v.mp3', link_ogg: 'https://psv4.userapi.com/v.ogg' } },
          { type: 'sticker', sticker: { sticker_id: 1 } },
        ],
      } },
    }, 'event');
    const action = readVkEvent(body, 1, parseWith);
    if (action.kind !== 'event') throw new Error('expected an event');
    expect(action.event.files).toEqual([
      { url: 'https://sun9-1.userapi.com/w.jpg', name: 'photo-7.jpg' },
      { url: 'https://vk.com/doc42_1?hash=a', name: 'act.pdf', size: 1234 },
      { url: 'https://psv4.userapi.com/v.mp3', name: 'voice-9.mp3' },
    ]);
    expect(action.event.text).toMatch(/^\[sticker attachment/);
  });
});
