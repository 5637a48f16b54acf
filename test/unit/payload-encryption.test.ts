import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { PayloadEncryptionCodec, payloadDataConverter } from '../../src/temporal/payload-encryption';

const key = () => randomBytes(32);

describe('payload encryption', () => {
  it('seals payloads so their content is unreadable, and opens them again', async () => {
    const codec = new PayloadEncryptionCodec(new Map([['k1', key()]]), 'k1');
    const payload = defaultPayloadConverter.toPayload({ text: 'my card is 4111 1111 1111 1111' })!;
    const [sealed] = await codec.encode([payload]);
    expect(Buffer.from(sealed.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('4111');
    const [opened] = await codec.decode([sealed]);
    expect(defaultPayloadConverter.fromPayload(opened)).toEqual({ text: 'my card is 4111 1111 1111 1111' });
  });

  it('decrypts with an old key after rotation, and refuses tampering and unknown keys', async () => {
    const oldKey = key();
    const [sealed] = await new PayloadEncryptionCodec(new Map([['k1', oldKey]]), 'k1').encode([defaultPayloadConverter.toPayload('hello')!]);
    const rotated = new PayloadEncryptionCodec(new Map([['k2', key()], ['k1', oldKey]]), 'k2');
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([sealed]))[0])).toBe('hello');
    const tampered = { ...sealed, data: Buffer.from(sealed.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(rotated.decode([tampered])).rejects.toThrow();
    await expect(new PayloadEncryptionCodec(new Map([['k9', key()]]), 'k9').decode([sealed])).rejects.toThrow(/unknown key "k1"/);
    const plain = defaultPayloadConverter.toPayload('not sealed')!;
    expect(await rotated.decode([plain])).toEqual([plain]);
  });

  it('is configured from the environment, off by default', () => {
    expect(payloadDataConverter({})).toBeUndefined();
    expect(payloadDataConverter({ PAYLOAD_ENCRYPTION_KEY: key().toString('base64') })?.payloadCodecs).toHaveLength(1);
    expect(() => payloadDataConverter({ PAYLOAD_ENCRYPTION_KEY: 'short' })).toThrow(/32 bytes/);
    expect(() => payloadDataConverter({ PAYLOAD_ENCRYPTION_KEY: key().toString('base64'), PAYLOAD_ENCRYPTION_OLD_KEYS: 'nokey' })).toThrow(/id:base64key/);
  });
});
