CREATE TABLE "telegram_messages" (
	"chat_id" text NOT NULL,
	"message_id" bigint NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "telegram_messages_chat_id_message_id_pk" PRIMARY KEY("chat_id","message_id")
);
--> statement-breakpoint
CREATE INDEX "telegram_messages_sent_idx" ON "telegram_messages" USING btree ("sent_at");