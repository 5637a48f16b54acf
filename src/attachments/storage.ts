/** Where attachment bytes live: one interface, a local-disk default and an S3-compatible backend. */
export interface AttachmentStorage {
  /** stores the bytes under `key` (overwrites: keys are never reused for other content) */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** the bytes, or undefined when nothing is stored under `key` */
  get(key: string): Promise<Buffer | undefined>;
  /** removes the object; removing a missing key is not an error */
  delete(key: string): Promise<void>;
}

/** Keys are made by Switchboard (`yyyy/mm/<uuid>`), but checked anyway so no key can leave its folder or bucket. */
export function assertStorageKey(key: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9/_-]{0,199}$/.test(key) || key.includes('//')) throw new Error(`invalid attachment storage key: ${key}`);
}
