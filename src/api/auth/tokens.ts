/**
 * Secrets handed to browsers and scripts (session cookies, CSRF tokens, API tokens): random, and
 * stored only as their sha256 so a copy of the database lets nobody in.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens start with this, so a leaked one is easy to recognise in a file or a scanner. */
export const API_TOKEN_PREFIX = 'hb_';

/** 32 random bytes as base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The lowercase hex sha256 of a secret: what the database keeps instead of the secret. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A new API token: "hb_" and 32 random bytes. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${randomSecret()}`;
}

/** Compares two secrets in constant time (hashing both first hides their lengths). */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
