import { hash, verify } from '@node-rs/argon2';

/** Passwords people choose: long enough to resist guessing, short enough not to be a hashing DoS. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** argon2id (the library's default algorithm) with its default cost (19 MiB, 2 passes, as OWASP recommends). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** A hash of a password nobody knows: verified against when the e-mail is unknown, so both cases take as long. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
