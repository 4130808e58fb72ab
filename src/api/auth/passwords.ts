/**
 * Passwords: argon2id hashes (PHC strings), the length rule, and a dummy verification so a login for
 * a name that does not exist takes as long as one for a name that does.
 */
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** Shortest password accepted (CONTRACT: officers choose their own; ADMIN_PASSWORD too). */
export const PASSWORD_MIN = 10;
/** Longest password accepted: argon2 hashes anything, but a megabyte "password" is only a way to burn CPU. */
export const PASSWORD_MAX = 256;
/** Login names: lowercase letters, digits, dot, underscore and hyphen, 3 to 40 of them. */
export const USERNAME_RE = /^[a-z0-9._-]{3,40}$/;

// Algorithm is a const enum in the typings; 2 is Argon2id (also the library's default, set explicitly).
const ARGON2ID = 2 as Algorithm;

/** The argon2id hash of a password (OWASP's parameters: 19 MiB, 2 passes, 1 lane). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** True when the password matches the hash; a malformed hash is a mismatch, never an exception. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/** Spends the time of one verification against a hash nobody knows the password of. */
export async function verifyDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  await verifyPassword(await dummy, password);
  return false;
}

/** Why a new password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  return undefined;
}

/** A random password for the first admin account when ADMIN_PASSWORD is not set (printed once). */
export function randomPassword(): string {
  return randomBytes(15).toString('base64url');
}
