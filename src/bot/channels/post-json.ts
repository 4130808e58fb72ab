/**
 * The one HTTP call the Zalo clients make: POST a JSON body, read a JSON answer. A failure to reach
 * the API becomes a typed error that names the API but never the URL, which may hold a token.
 */
import { ChannelConnectionError, ChannelTimeoutError } from './errors.ts';

/** Where and how to post: the API's name for error messages, extra headers, timeout and abort. */
export interface PostJsonOptions {
  api: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Posts payload as JSON; resolves with the response and its JSON body (undefined when not JSON). */
export async function postJson<B>(
  url: string,
  payload: object,
  opts: PostJsonOptions,
): Promise<{ res: Response; body: B | undefined }> {
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...opts.headers },
      body: JSON.stringify(payload),
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    });
    const body = (await res.json().catch(() => undefined)) as B | undefined;
    return { res, body };
  } catch {
    // fetch's own error names the URL, which may hold the token: never pass it on.
    if (timeout.aborted) throw new ChannelTimeoutError(`${opts.api} did not answer in time`);
    throw new ChannelConnectionError(`${opts.api} unreachable`);
  }
}
