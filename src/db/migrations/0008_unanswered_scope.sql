ALTER TABLE "unanswered_questions" ADD COLUMN "unit" text;--> statement-breakpoint
ALTER TABLE "unanswered_questions" ADD COLUMN "chat_ref" text;--> statement-breakpoint
CREATE INDEX "unanswered_chat_ref_idx" ON "unanswered_questions" USING btree ("chat_ref");