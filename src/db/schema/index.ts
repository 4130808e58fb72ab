/** The whole schema, one module per domain; drizzle-kit reads this file. */
export * from './accounts.ts';
export * from './broadcasts.ts';
export * from './campaigns.ts';
export * from './content.ts';
export * from './conversation.ts';
export * from './stats.ts';
export * from './subscribers.ts';
export * from './telegram.ts';
export * from './zalo-oa.ts';
