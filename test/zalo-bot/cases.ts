/**
 * The incoming table: each recorded payload in src/bot/channels/zalo-bot/testdata, what it parses
 * to, and what the webhook must do with it (status 200, whether and what the bot answers).
 */
import { readdirSync, readFileSync } from 'node:fs';

export const TESTDATA = new URL('../../src/bot/channels/zalo-bot/testdata/', import.meta.url);
export const USER = 'a1b2c3d4e5f60718293a';
export const GROUP = 'f0e1d2c3b4a596877869';

/** A recorded, anonymised webhook body by file name (without .json). */
export function payload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`${name}.json`, TESTDATA), 'utf8'));
}

export interface IncomingCase {
  file: string;
  event: 'inbound' | 'group' | 'ignored';
  /** Fields the neutral inbound must have. */
  inbound?: Record<string, unknown>;
  /** The dedupe key, when the payload names it. */
  key?: string;
  /** The chat the bot answers in, when it answers. */
  answersIn?: string;
  /** Text the answer must contain. */
  answerText?: string;
}

export const INCOMING: IncomingCase[] = [
  {
    file: 'message_text',
    event: 'inbound',
    inbound: { kind: 'text', chatId: USER, text: 'nghỉ thai sản mấy tháng' },
    key: '7a6b5c4d3e2f1a0b9c8d',
    answersIn: USER,
    answerText: 'Căn cứ: Điều 139',
  },
  {
    file: 'message_start',
    event: 'inbound',
    inbound: { text: '/start' },
    answersIn: USER,
    answerText: '1. ',
  },
  { file: 'message_emergency', event: 'inbound', answersIn: USER, answerText: '113' },
  { file: 'message_choice', event: 'inbound', inbound: { text: '2' }, answersIn: USER },
  { file: 'message_without_id', event: 'inbound', inbound: { text: 'menu' }, answersIn: USER },
  { file: 'message_image', event: 'inbound', inbound: { text: '' }, answersIn: USER, answerText: '1. ' },
  { file: 'message_sticker', event: 'inbound', inbound: { text: '' }, answersIn: USER },
  { file: 'message_unsupported', event: 'inbound', inbound: { text: '' }, answersIn: USER },
  { file: 'group_message', event: 'group' },
  { file: 'group_command', event: 'group', answersIn: GROUP, answerText: 'riêng' },
  { file: 'user_follow', event: 'ignored' },
  {
    file: 'polled_without_event_name',
    event: 'inbound',
    inbound: { text: 'Xin chào' },
    answersIn: USER,
  },
];

/** Every payload file has a row, so a new recording cannot go untested. */
export function testdataFiles(): string[] {
  return readdirSync(TESTDATA)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}
