/**
 * The conversation core as the channels, the CLI and the API see it: one pure function and the
 * types it takes. Everything else in this folder is an implementation detail.
 */
export type { TurnContext, TurnState } from './context.ts';
export { handleTurn } from './engine.ts';
