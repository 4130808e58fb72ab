/** Credentials shared by the benchmark processes: the fake Bot API, the service and the load tools. */

/** The bot token every benchmark service is given (the fake answers 401 to any other). */
export const BENCH_TOKEN = '123456789:AAH-bench_token-ZZZ';
/** The webhook secret the benchmark service is given and every benchmark request carries. */
export const BENCH_SECRET = 'bench_webhook-secret-1';
/** The admin token the footprint benchmark uses to send its broadcast. */
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';
