/**
 * The webhook route of the bot platforms that send a shared secret in a header (Telegram, Zalo Bot):
 * the secret checked in constant time before the body is parsed, then update -> parse (pure) ->
 * handle, and the handling time observed. No secret configured means every request is refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../api/metrics.ts';
import type { ChannelName } from '../types.ts';

/** What a platform's pure update parser answers: one event, or why the body is not an update. */
export type ParsedUpdate<E> = { ok: true; event: E } | { ok: false; message: string };

/** One platform's webhook: where, which header carries the secret, how to parse and handle. */
export interface BotWebhook<E> {
  channel: ChannelName;
  path: string;
  secretHeader: string;
  secret: string | undefined;
  parse(body: unknown): ParsedUpdate<E>;
  handle(event: E): Promise<void>;
  metrics: Metrics;
}

const digest = (v: string) => createHash('sha256').update(v).digest();

/** Registers the webhook route; a request without the right secret is 401 whatever it carries. */
export function registerBotWebhook<E>(app: FastifyInstance, hook: BotWebhook<E>): void {
  const expected = hook.secret ? digest(hook.secret) : undefined;
  const onRequest = async (
    req: { headers: Record<string, unknown> },
    reply: { code(n: number): { send(b: object): unknown } },
  ) => {
    // Checked before the body is parsed: an unauthenticated request is 401 whatever it carries.
    const header = req.headers[hook.secretHeader];
    if (!expected || typeof header !== 'string' || !timingSafeEqual(digest(header), expected)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'bad or missing secret token' });
    }
  };
  app.post(hook.path, { onRequest: onRequest as never }, async (req, reply) => {
    const started = process.hrtime.bigint();
    const parsed = hook.parse(req.body);
    if (!parsed.ok) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
    await hook.handle(parsed.event);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    hook.metrics.webhookLatency.observe({ channel: hook.channel }, seconds);
    return { ok: true };
  });
}
