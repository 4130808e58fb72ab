/**
 * The incoming table: each recorded payload in src/bot/channels/telegram/testdata, what it parses
 * to, and what the webhook must do with it (status, whether the bot answers in the chat).
 */
import { readdirSync, readFileSync } from 'node:fs';

export const TESTDATA = new URL('../../src/bot/channels/telegram/testdata/', import.meta.url);

/** A recorded, anonymised Update by file name (without .json). */
export function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, TESTDATA), 'utf8'));
}

export interface IncomingCase {
  file: string;
  event: 'inbound' | 'blocked' | 'group' | 'ignored';
  /** Fields the neutral inbound must have. */
  inbound?: Record<string, unknown>;
  /** The chat the bot answers in, when it answers. */
  answersIn?: string;
  /** Text the answer must contain. */
  answerText?: string;
}

export const INCOMING: IncomingCase[] = [
  {
    file: 'message_text',
    event: 'inbound',
    inbound: { kind: 'text', chatId: '1001' },
    answersIn: '1001',
    answerText: 'Điều 139',
  },
  {
    file: 'message_start',
    event: 'inbound',
    inbound: { kind: 'start' },
    answersIn: '1001',
    answerText: 'Hoa Ban',
  },
  {
    file: 'message_start_payload',
    event: 'inbound',
    inbound: { kind: 'start', payload: 'chieng-lao' },
    answersIn: '1001',
    answerText: 'Chiềng Lao',
  },
  {
    file: 'message_command_with_bot_name',
    event: 'inbound',
    inbound: { kind: 'text', text: '/menu@hoaban_test_bot' },
    answersIn: '1001',
  },
  { file: 'edited_message', event: 'ignored' },
  {
    file: 'callback_query',
    event: 'inbound',
    inbound: { kind: 'action', action: 'menu:faq' },
    answersIn: '1001',
  },
  {
    file: 'location',
    event: 'inbound',
    inbound: { kind: 'location', lat: 21.3256, lon: 103.9188 },
    answersIn: '1001',
  },
  { file: 'my_chat_member_kicked', event: 'blocked' },
  { file: 'my_chat_member_unblocked', event: 'ignored' },
  { file: 'group_message', event: 'group' },
  { file: 'group_command', event: 'group', answersIn: '-100200300', answerText: 'riêng' },
  { file: 'sticker', event: 'inbound', inbound: { kind: 'text', text: '' }, answersIn: '1001' },
  { file: 'message_reaction', event: 'ignored' },
  {
    file: 'message_emergency',
    event: 'inbound',
    inbound: { kind: 'text' },
    answersIn: '1001',
    answerText: '113',
  },
];

/** Every payload file has a row, so a new recording cannot go untested. */
export function testdataFiles(): string[] {
  return readdirSync(TESTDATA)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}
