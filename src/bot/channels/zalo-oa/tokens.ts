/**
 * The OA's OAuth tokens, owned by the database: the access token lives 25 h and the refresh token
 * can be used once (it rotates), so a refresh happens in a transaction holding the token row's
 * lock: re-read, refresh only if still needed, store the new pair before the lock is released.
 * Any number of replicas may ask at once; one calls Zalo, the others read the new pair.
 * Tokens are secrets: they never reach a log or an error message.
 */
import type { Database, Db } from '../../../db/client.ts';
import { getTokens, lockTokens, seedTokens, storeTokens } from '../../../db/queries/zalo-oa.ts';
import { ChannelConfigError, ChannelConnectionError } from '../errors.ts';

/** Refresh when less than this is left (the token lives 25 h: docs/SOURCES.md). */
export const REFRESH_MARGIN_MS = 3600 * 1000;
/** Lifetime assumed when Zalo's answer has no expires_in (25 h). */
const DEFAULT_LIFETIME_S = 90_000;
const REQUEST_TIMEOUT_MS = 15_000;

/** What refreshing needs: the app id, the app secret (header secret_key) and the OAuth root. */
export interface OAuthSettings {
  appId: string;
  appSecret?: string;
  oauthRoot: string;
}

/** Hands out the current access token and refreshes it once for all replicas. */
export class TokenStore {
  constructor(
    private readonly database: Database,
    private readonly cfg: OAuthSettings,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Stores the configured pair on first start only (expiry unknown: refreshed at first need). */
  async seed(accessToken: string | undefined, refreshToken: string | undefined): Promise<void> {
    const now = this.clock();
    await seedTokens(this.database.db, { accessToken, refreshToken, expiresAt: now, now });
  }

  /** The access token to use now, refreshed first when it is about to expire. */
  async current(): Promise<string> {
    const row = await getTokens(this.database.db);
    if (!row) throw new ChannelConfigError('Zalo OA tokens are not seeded');
    if (this.fresh(row.expiresAt) || !row.refreshToken) return row.accessToken;
    return this.refresh();
  }

  /**
   * Refreshes under the row lock. failed is the access token the API just refused: when another
   * replica already replaced it, its new token is returned without a second refresh.
   */
  async refresh(failed?: string): Promise<string> {
    return this.database.db.transaction(async (tx) => {
      const db = tx as unknown as Db;
      const row = await lockTokens(db);
      if (!row) throw new ChannelConfigError('Zalo OA tokens are not seeded');
      const replaced = failed !== undefined && row.accessToken !== failed;
      if (replaced || (failed === undefined && this.fresh(row.expiresAt))) return row.accessToken;
      if (!row.refreshToken)
        throw new ChannelConfigError('Zalo OA access token refused and no refresh token');
      const next = await this.call(row.refreshToken);
      const now = this.clock();
      await storeTokens(db, {
        accessToken: next.accessToken,
        refreshToken: next.refreshToken,
        expiresAt: new Date(now.getTime() + next.expiresIn * 1000),
        now,
      });
      return next.accessToken;
    });
  }

  private fresh(expiresAt: Date): boolean {
    return expiresAt.getTime() - this.clock().getTime() > REFRESH_MARGIN_MS;
  }

  /** POST <oauthRoot>/v4/oa/access_token (form: refresh_token, app_id, grant_type; header secret_key). */
  private async call(refreshToken: string) {
    let body: Record<string, unknown> | undefined;
    try {
      const res = await fetch(`${this.cfg.oauthRoot}/v4/oa/access_token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          secret_key: this.cfg.appSecret ?? '',
        },
        body: new URLSearchParams({
          refresh_token: refreshToken,
          app_id: this.cfg.appId,
          grant_type: 'refresh_token',
        }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      if (res.status >= 500) throw new ChannelConnectionError(`Zalo OAuth answered ${res.status}`);
    } catch (err) {
      if (err instanceof ChannelConnectionError) throw err;
      throw new ChannelConnectionError('Zalo OAuth unreachable');
    }
    const access = body?.access_token;
    const refresh = body?.refresh_token;
    if (typeof access !== 'string' || !access || typeof refresh !== 'string' || !refresh) {
      // The old refresh token stays stored: nothing is lost, an operator must re-authorise the OA.
      const code = typeof body?.error === 'number' ? body.error : 'no token';
      throw new ChannelConfigError(`Zalo OA token refresh refused (${code}): re-authorise the OA`);
    }
    const expiresIn = Number(body?.expires_in ?? DEFAULT_LIFETIME_S);
    return {
      accessToken: access,
      refreshToken: refresh,
      expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_LIFETIME_S,
    };
  }
}
