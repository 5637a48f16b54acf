import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { ConfigError } from '../config-error';

const ENCODING = 'binary/encrypted';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM over every payload Temporal stores (messages, state, activity inputs and results, memo), so
 * customers' words and personal data are not in workflow histories in clear text. Search attributes are not
 * payloads and stay readable (they hold ids and enums only). Each payload records the key id it was sealed
 * with, so keys can be rotated: keep old keys for decryption.
 */
export class PayloadEncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: ReadonlyMap<string, Buffer>, private readonly currentKeyId: string) {
    if (!keys.has(currentKeyId)) throw new Error(`no key ${currentKeyId}`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.currentKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCODING),
          'encryption-key-id': Buffer.from(this.currentKeyId),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.['encryption-key-id'] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`payload sealed with unknown key "${keyId}": add it to PAYLOAD_ENCRYPTION_OLD_KEYS`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}

function parseKey(name: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${name} must be 32 bytes, base64-encoded (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

/**
 * PAYLOAD_ENCRYPTION_KEY (base64, 32 bytes) turns encryption on, with id PAYLOAD_ENCRYPTION_KEY_ID (default
 * "k1"); PAYLOAD_ENCRYPTION_OLD_KEYS ("id:base64,id:base64") still decrypts histories sealed with earlier keys.
 * Every process (gateway, workers) must have the same keys.
 */
export function payloadDataConverter(env: NodeJS.ProcessEnv): DataConverter | undefined {
  const current = env.PAYLOAD_ENCRYPTION_KEY?.trim();
  if (!current) return undefined;
  const currentId = env.PAYLOAD_ENCRYPTION_KEY_ID?.trim() || 'k1';
  const keys = new Map<string, Buffer>([[currentId, parseKey('PAYLOAD_ENCRYPTION_KEY', current)]]);
  for (const entry of (env.PAYLOAD_ENCRYPTION_OLD_KEYS ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    if (at <= 0) throw new ConfigError('PAYLOAD_ENCRYPTION_OLD_KEYS entries are id:base64key');
    keys.set(entry.slice(0, at), parseKey(`PAYLOAD_ENCRYPTION_OLD_KEYS (${entry.slice(0, at)})`, entry.slice(at + 1)));
  }
  return { payloadCodecs: [new PayloadEncryptionCodec(keys, currentId)] };
}
