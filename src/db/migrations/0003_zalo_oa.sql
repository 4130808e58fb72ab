CREATE TABLE "zalo_oa_chats" (
	"chat_id" text PRIMARY KEY NOT NULL,
	"last_user_at" timestamp with time zone,
	"last_user_msg_id" text,
	"replies_since" integer DEFAULT 0 NOT NULL,
	"promo_day" text,
	"promo_day_count" integer DEFAULT 0 NOT NULL,
	"promo_month" text,
	"promo_month_count" integer DEFAULT 0 NOT NULL,
	"gone_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zalo_oa_inbox" (
	"event_id" text PRIMARY KEY NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zalo_oa_quota" (
	"month" text PRIMARY KEY NOT NULL,
	"proactive" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zalo_oa_tokens" (
	"id" integer PRIMARY KEY NOT NULL,
	"access_token" text NOT NULL,
	"refresh_token" text,
	"expires_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
