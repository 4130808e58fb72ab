/** Content seeded from src/content/data and edited by officers: units, FAQ nodes, services. */
import {
  boolean,
  date,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import type { Citation, Localized } from '../../content/types.ts';

export const units = pgTable('units', {
  name: text('name').primaryKey(),
  kind: text('kind').notNull(),
  formerDistrict: text('former_district').notNull(),
  mergedFrom: jsonb('merged_from').$type<string[]>().notNull(),
});

export const faqNodes = pgTable('faq_nodes', {
  id: text('id').primaryKey(),
  parent: text('parent'),
  sortOrder: integer('sort_order').notNull().default(0),
  title: jsonb('title').$type<Localized>().notNull(),
  answer: jsonb('answer').$type<Localized>(),
  citations: jsonb('citations').$type<Citation[]>().notNull(),
  keywords: jsonb('keywords').$type<Localized<string[]>>().notNull(),
  field: text('field'),
  sourceUrl: text('source_url'),
  reviewed: date('reviewed', { mode: 'string' }).notNull(),
  reviewBy: date('review_by', { mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const services = pgTable('services', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  name: jsonb('name').$type<Localized>().notNull(),
  unit: text('unit'),
  formerDistrict: text('former_district'),
  phone: text('phone'),
  hours: jsonb('hours').$type<Localized>(),
  address: text('address'),
  addressPublic: boolean('address_public').notNull().default(false),
  lat: doublePrecision('lat'),
  lon: doublePrecision('lon'),
  note: jsonb('note').$type<Localized>(),
  languages: jsonb('languages').$type<string[]>().notNull(),
  source: text('source').notNull(),
  confirmed: date('confirmed', { mode: 'string' }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
