/**
 * The baseline of the webhook benchmark: a bare Fastify route on POST /webhooks/telegram that parses
 * the JSON body and answers 200, in a process of its own like the service. Prints {url} on one line.
 * Run by bench/support/processes.ts: node --import tsx bench/support/bare-server.ts
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.post('/webhooks/telegram', async () => ({ ok: true }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url })}\n`);
