ALTER TABLE "campaign_occurrences" ADD COLUMN "writers" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
-- Occurrences waiting for approval: everyone the audit log names as writing them since their last approval.
UPDATE "campaign_occurrences" o SET "writers" = coalesce((
	SELECT array_agg(DISTINCT a."actor")
	FROM "audit_log" a
	WHERE a."target" = 'occurrence:' || o."id"
		AND a."action" IN ('occurrence.create', 'occurrence.edit')
		AND a."id" > coalesce((
			SELECT max(b."id") FROM "audit_log" b
			WHERE b."target" = a."target" AND b."action" = 'occurrence.approve'
		), 0)
), '{}'::text[])
WHERE o."status" IN ('pending', 'disabled');
