/** What every report query shares: the scope as a condition, and the campaign key of officers' own broadcasts. */
import { inArray, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** The scope as a condition on a unit column: a scoped account never sees rows without a unit. */
export function inScope(column: PgColumn, scope: string[] | undefined): SQL {
  if (scope === undefined) return sql`true`;
  return scope.length === 0 ? sql`false` : (inArray(column, scope) as SQL);
}

/** Campaign key of broadcasts an officer sent by hand (no calendar occurrence). */
export const OFFICERS_CAMPAIGN = 'officers';
