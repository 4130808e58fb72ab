/**
 * The web chat channel (/chat): a page and a JSON endpoint that run the same pipeline as the
 * platform bots, so anyone can try the bot without a platform token. Off in production unless
 * WEBCHAT=on. Messages sent outside a turn wait in a small per-chat outbox that the page polls.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LOCALES, type Locale } from '../../../content/types.ts';
import { handleInbound } from '../../handle-inbound.ts';
import type { Inbound, Reply } from '../../types.ts';
import { AdapterBase } from '../adapter-base.ts';
import { withLinkLine } from '../broadcast-parts.ts';
import type {
  BroadcastMessage,
  BroadcastOptions,
  ChannelAdapter,
  ChannelFactory,
  SendGate,
  SentAs,
} from '../types.ts';
import { renderPage } from './page.ts';
import { renderWebchat, type WebchatMessage } from './render.ts';

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');

/** Messages kept per chat for polling, and chats kept; the web chat is a demo channel. */
const OUTBOX_PER_CHAT = 20;
const OUTBOX_CHATS = 1000;

const chatId = z.uuid({ error: 'chatId must be a UUID made by the page' });
const KINDS = {
  text: z.object({
    chatId,
    text: z.string().trim().min(1, 'text is empty').max(2000, 'text is over 2000 characters'),
  }),
  action: z.object({ chatId, action: z.string().min(1, 'action is empty').max(200, 'action is too long') }),
  location: z.object({
    chatId,
    location: z.object({
      lat: z.number().min(-90, 'lat must be -90..90').max(90, 'lat must be -90..90'),
      lon: z.number().min(-180, 'lon must be -180..180').max(180, 'lon must be -180..180'),
    }),
  }),
  start: z.object({ chatId, start: z.object({ payload: z.string().max(64).optional() }) }),
} as const;
const messageBody = z.union(Object.values(KINDS));

/** Parses a message body with the schema of the one kind it names, so errors say what is wrong. */
function parseMessage(body: unknown) {
  const kind = (Object.keys(KINDS) as Array<keyof typeof KINDS>).find(
    (k) => typeof body === 'object' && body !== null && k in body,
  );
  if (!kind) {
    const id = chatId.safeParse((body as { chatId?: unknown } | null)?.chatId);
    const message = id.success ? 'send one of text, action, location or start' : id.error.issues[0]?.message;
    return { success: false as const, message };
  }
  const parsed = KINDS[kind].safeParse(body);
  return parsed.success
    ? { success: true as const, data: parsed.data as MessageBody }
    : { success: false as const, message: parsed.error.issues[0]?.message };
}

type MessageBody = z.infer<typeof messageBody>;

function toInbound(body: MessageBody): Inbound {
  const base = { channel: 'webchat' as const, chatId: body.chatId };
  if ('text' in body) return { ...base, kind: 'text', text: body.text };
  if ('action' in body) return { ...base, kind: 'action', action: body.action };
  if ('location' in body) return { ...base, kind: 'location', ...body.location };
  return { ...base, kind: 'start', payload: body.start.payload };
}

/** Vietnamese first: English only when the page is asked for in English (?lang=en). */
function pickLocale(query: unknown): Locale {
  const q = (query as { lang?: string }).lang;
  return q && (LOCALES as readonly string[]).includes(q) ? (q as Locale) : 'vi';
}

/** The web chat adapter; it has no platform rules, so every chat may get a broadcast. */
class WebchatAdapter extends AdapterBase implements ChannelAdapter {
  readonly name = 'webchat' as const;
  private readonly outbox = new Map<string, WebchatMessage[]>();
  private readonly assets = { js: asset('app.js'), css: asset('app.css') };

  routes(app: FastifyInstance): void {
    const { bot, metrics } = this.ctx;
    app.get('/chat', async (req, reply) => {
      const locale = pickLocale(req.query);
      const unit = (req.query as { unit?: string }).unit;
      reply.type('text/html; charset=utf-8');
      return renderPage(bot.i18n.fixed(locale, 'web'), locale, unit?.slice(0, 64));
    });
    app.get('/chat/app.js', async (_req, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(this.assets.js),
    );
    app.get('/chat/app.css', async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'no-cache').send(this.assets.css),
    );
    app.post(
      '/chat/api/messages',
      { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
      async (req, reply) => {
        const parsed = parseMessage(req.body);
        if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: parsed.message });
        const started = process.hrtime.bigint();
        const outcome = await handleInbound(bot, toInbound(parsed.data));
        if (outcome.duplicate) return { messages: [] };
        const messages = renderWebchat(outcome.result.replies);
        metrics.updatesHandled.inc({ channel: 'webchat' });
        metrics.repliesSent.inc({ channel: 'webchat' }, messages.length);
        metrics.webhookLatency.observe(
          { channel: 'webchat' },
          Number(process.hrtime.bigint() - started) / 1e9,
        );
        return { messages };
      },
    );
    app.post('/chat/api/poll', async (req, reply) => {
      const parsed = z.object({ chatId }).safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).send({ error: 'bad_request', message: 'chatId is required' });
      const messages = this.outbox.get(parsed.data.chatId) ?? [];
      this.outbox.delete(parsed.data.chatId);
      return { messages };
    });
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    this.outbox.clear();
  }

  async send(chatId: string, replies: Reply[]): Promise<void> {
    const queued = [...(this.outbox.get(chatId) ?? []), ...renderWebchat(replies)].slice(-OUTBOX_PER_CHAT);
    this.outbox.delete(chatId);
    this.outbox.set(chatId, queued);
    if (this.outbox.size > OUTBOX_CHATS) {
      const oldest = this.outbox.keys().next().value;
      if (oldest !== undefined) this.outbox.delete(oldest);
    }
    this.ctx.metrics.repliesSent.inc({ channel: 'webchat' }, replies.length);
  }

  /** Queues the broadcast in the chat's outbox; media comes as a link line. */
  async sendBroadcast(
    chatId: string,
    msg: BroadcastMessage,
    gate: SendGate,
    _opts: BroadcastOptions = {},
  ): Promise<SentAs> {
    await gate.acquire();
    await this.send(chatId, [{ text: withLinkLine(msg) }]);
    return {};
  }
}

/** The web chat is on unless WEBCHAT=off (default off when NODE_ENV=production). */
export const webchatChannel: ChannelFactory = (ctx) =>
  ctx.config.webchat ? new WebchatAdapter(ctx) : undefined;
