CREATE TABLE "faq_nodes" (
	"id" text PRIMARY KEY NOT NULL,
	"parent" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"title" jsonb NOT NULL,
	"answer" jsonb,
	"citations" jsonb NOT NULL,
	"keywords" jsonb NOT NULL,
	"field" text,
	"source_url" text,
	"reviewed" date NOT NULL,
	"review_by" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" jsonb NOT NULL,
	"unit" text,
	"former_district" text,
	"phone" text,
	"hours" jsonb,
	"address" text,
	"address_public" boolean DEFAULT false NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"note" jsonb,
	"languages" jsonb NOT NULL,
	"source" text NOT NULL,
	"confirmed" date NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"name" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"former_district" text NOT NULL,
	"merged_from" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "processed_updates" (
	"channel" text NOT NULL,
	"update_id" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "processed_updates_channel_update_id_pk" PRIMARY KEY("channel","update_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sessions_channel_chat_id_pk" PRIMARY KEY("channel","chat_id")
);
--> statement-breakpoint
CREATE TABLE "stat_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"channel" text NOT NULL,
	"unit" text,
	"kind" text NOT NULL,
	"faq_node" text
);
--> statement-breakpoint
CREATE TABLE "unanswered_questions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"text" text NOT NULL,
	"locale" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"chat_id" text NOT NULL,
	"locale" text DEFAULT 'vi' NOT NULL,
	"unit" text,
	"subscribed" boolean DEFAULT false NOT NULL,
	"consent_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "processed_updates_seen_idx" ON "processed_updates" USING btree ("seen_at");--> statement-breakpoint
CREATE INDEX "sessions_updated_idx" ON "sessions" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "stat_events_day_kind_idx" ON "stat_events" USING btree ("day","kind");--> statement-breakpoint
CREATE INDEX "unanswered_created_idx" ON "unanswered_questions" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "subscribers_channel_chat_uq" ON "subscribers" USING btree ("channel","chat_id");--> statement-breakpoint
CREATE INDEX "subscribers_audience_idx" ON "subscribers" USING btree ("subscribed","channel","unit") WHERE "subscribers"."subscribed";