/**
 * autocannon (programmatic API) against POST /webhooks/telegram with a new update in every request,
 * either as fast as it goes (throughput) or at a fixed overall rate (latency).
 */
import { createRequire } from 'node:module';
import { BENCH_SECRET } from './constants.ts';
import type { UpdateSource } from './updates.ts';

interface Histogram {
  p50: number;
  p99: number;
  average: number;
  max: number;
}
/** The parts of autocannon's result the benchmarks print. */
export interface LoadResult {
  requests: Histogram & { total: number };
  latency: Histogram;
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
}
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  amount?: number;
  overallRate?: number;
  timeout?: number;
  requests: Array<{
    method: string;
    headers: Record<string, string>;
    setupRequest: (req: { body?: string }) => { body?: string };
  }>;
}
type Autocannon = (opts: AutocannonOptions) => Promise<LoadResult>;

// autocannon ships no type declarations; the few options used here are typed above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * One autocannon run; `rate` (requests/s over all connections) makes it a fixed-rate run, `amount`
 * stops it after that many requests instead of after `seconds`.
 */
export function hammer(
  baseUrl: string,
  source: UpdateSource,
  opts: { connections: number; seconds: number; rate?: number; amount?: number },
): Promise<LoadResult> {
  return autocannon({
    url: `${baseUrl}/webhooks/telegram`,
    connections: opts.connections,
    duration: opts.seconds,
    timeout: 30,
    ...(opts.rate ? { overallRate: opts.rate } : {}),
    ...(opts.amount ? { amount: opts.amount } : {}),
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': BENCH_SECRET },
        setupRequest: (req) => ({ ...req, body: source.nextJson() }),
      },
    ],
  });
}
