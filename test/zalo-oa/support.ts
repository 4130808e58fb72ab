/** Recorded OA events, signed the way Zalo signs them, and the env that points the service at the fake. */
import { readFileSync } from 'node:fs';
import type { ZaloOaAdapter } from '../../src/bot/channels/zalo-oa/adapter.ts';
import { signatureFor } from '../../src/bot/channels/zalo-oa/update.ts';
import type { Service } from '../../src/service.ts';
import { type FakeZaloOaApi, startFakeZaloOa } from '../fakes/zalo-oa-api.ts';

export const APP_ID = '1234567890';
export const SECRET_KEY = 'oa-secret-KEY-4242';
export const APP_SECRET = 'app-secret-SECRET-77';
export const ACCESS = 'seed-access-TOKEN-abc';
export const REFRESH = 'seed-refresh-TOKEN-xyz';

const TESTDATA = new URL('../../src/bot/channels/zalo-oa/testdata/', import.meta.url);

/** A recorded, anonymised event by file name (without .json). */
export function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, TESTDATA), 'utf8'));
}

export function startFake(extra: { proactiveQuota?: number; oauthDelayMs?: number } = {}) {
  return startFakeZaloOa({
    appId: APP_ID,
    appSecret: APP_SECRET,
    accessToken: ACCESS,
    refreshToken: REFRESH,
    ...extra,
  });
}

export function oaEnv(fake: FakeZaloOaApi, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ZALO_OA_APP_ID: APP_ID,
    ZALO_OA_SECRET_KEY: SECRET_KEY,
    ZALO_APP_SECRET: APP_SECRET,
    ZALO_OA_ACCESS_TOKEN: ACCESS,
    ZALO_OA_REFRESH_TOKEN: REFRESH,
    ZALO_OA_API_ROOT: fake.url,
    ZALO_OAUTH_ROOT: fake.url,
    ZALO_OA_RATE: '1000',
    WEBCHAT: 'off',
    ...extra,
  };
}

let nextMsg = 1;

/** A text message from a user, stamped now, with a fresh message id. */
export function textEvent(userId: string, text: string, at = Date.now()) {
  return {
    app_id: APP_ID,
    user_id_by_app: `app-${userId}`,
    event_name: 'user_send_text',
    timestamp: String(at),
    sender: { id: userId },
    recipient: { id: '9900001' },
    message: { msg_id: `msg${Date.now().toString(36)}${nextMsg++}`, text },
  };
}

/** A recorded event re-addressed to a user, stamped now and given a fresh message id. */
export function recorded(name: string, userId: string, at = Date.now()) {
  const p = payload(name);
  const body: Record<string, unknown> = { ...p, timestamp: String(at) };
  if (p.sender) body.sender = { id: userId };
  if (p.follower) body.follower = { id: userId };
  if (p.message && (p.message as { msg_id?: string }).msg_id)
    body.message = { ...(p.message as object), msg_id: `rec${Date.now().toString(36)}${nextMsg++}` };
  return body;
}

/** POSTs an event signed with the OA secret key (or the given signature, or none with null). */
export function postEvent(service: Service, body: unknown, signature?: string | null) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const b = typeof body === 'string' ? {} : (body as { app_id?: string; timestamp?: string });
  const mac =
    signature === undefined
      ? signatureFor(String(b.app_id), Buffer.from(raw), String(b.timestamp), SECRET_KEY)
      : signature;
  return service.app.inject({
    method: 'POST',
    url: '/webhooks/zalo-oa',
    headers: { 'content-type': 'application/json', ...(mac === null ? {} : { 'x-zevent-signature': mac }) },
    payload: raw,
  });
}

/** The OA adapter of a service. */
export function oaAdapter(service: Service): ZaloOaAdapter {
  return service.channels.find((c) => c.name === 'zalo-oa') as ZaloOaAdapter;
}

/** Posts an event as the user's message (the fake opens her window too) and waits for the worker. */
export async function say(service: Service, fake: FakeZaloOaApi, body: Record<string, unknown>) {
  const userId = String(
    (body.sender as { id?: string } | undefined)?.id ?? (body.follower as { id?: string })?.id,
  );
  fake.userWrote(userId);
  const res = await postEvent(service, body);
  await oaAdapter(service).drain();
  return res;
}
