/** One line per channel: the adapters the process may start, each enabled by its own config. */
import { telegramChannel } from './telegram/adapter.ts';
import type { ChannelAdapter, ChannelContext, ChannelFactory } from './types.ts';
import { webchatChannel } from './webchat/adapter.ts';
import { zaloBotChannel } from './zalo-bot/adapter.ts';
import { zaloOaChannel } from './zalo-oa/adapter.ts';

const FACTORIES: ChannelFactory[] = [webchatChannel, telegramChannel, zaloOaChannel, zaloBotChannel];

/** The adapters enabled by the configuration. */
export function enabledChannels(ctx: ChannelContext): ChannelAdapter[] {
  return FACTORIES.map((f) => f(ctx)).filter((a): a is ChannelAdapter => a !== undefined);
}
