/** Prometheus metrics of the process, one registry per app so tests do not share counters. */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  updatesHandled: Counter<'channel'>;
  updatesDuplicate: Counter<'channel'>;
  repliesSent: Counter<'channel'>;
  deliveries: Counter<'channel' | 'status'>;
  queueDepth: Gauge<'channel'>;
  webhookLatency: Histogram<'channel'>;
}

/** Creates the registry with the service's metrics and Node's defaults. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hoaban_' });
  return {
    registry,
    updatesHandled: new Counter({
      name: 'hoaban_updates_handled_total',
      // By channel only: a label per intent would show emergencies as they happen.
      help: 'Inbound updates handled, by channel',
      labelNames: ['channel'],
      registers: [registry],
    }),
    updatesDuplicate: new Counter({
      name: 'hoaban_updates_duplicate_total',
      help: 'Inbound updates seen before and not handled again',
      labelNames: ['channel'],
      registers: [registry],
    }),
    repliesSent: new Counter({
      name: 'hoaban_replies_sent_total',
      help: 'Reply messages sent to users',
      labelNames: ['channel'],
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'hoaban_deliveries_total',
      help: 'Broadcast deliveries by final status and channel',
      labelNames: ['channel', 'status'],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'hoaban_queue_depth',
      help: 'Broadcast deliveries waiting to be sent',
      labelNames: ['channel'],
      registers: [registry],
    }),
    webhookLatency: new Histogram({
      name: 'hoaban_webhook_latency_seconds',
      help: 'Time from receiving an update to answering it',
      labelNames: ['channel'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
