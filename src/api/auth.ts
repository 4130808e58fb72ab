/**
 * Officers' API authentication for now: `Authorization: Bearer <ADMIN_TOKEN>`, compared in constant
 * time. Without ADMIN_TOKEN every request is refused (accounts come in a later release).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();

/** A Fastify preHandler that answers 401 unless the bearer token is the admin token. */
export function requireAdmin(adminToken: string | undefined) {
  const expected = adminToken ? digest(adminToken) : undefined;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the token's length.
    const ok =
      expected !== undefined && match?.[1] !== undefined && timingSafeEqual(digest(match[1]), expected);
    if (!ok) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorized', message: 'a valid bearer token is required' });
    }
  };
}
